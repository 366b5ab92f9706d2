import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { logbookText, startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { NOTES_APP } from "../support/notes-app";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

describe("[DATABASES] an app's instances reach their database through the environment", () => {
  it("deploys an app that stores and reads rows with DATABASE_*; workers and files get them; logs never show the password", async () => {
    const repo = makeGitRepository(NOTES_APP);
    const caller = await createTestAccount("dbenv");
    const name = uniqueName("notes");
    // Created while this process reaches no apps' server: the deploy provisions it.
    const adminUrl = process.env.THIRTY_PG_ADMIN_URL;
    delete process.env.THIRTY_PG_ADMIN_URL;
    try {
      const created = await trpcAs(caller).apps.create({
        name,
        repository: { location: repo.dir },
        database: true,
      });
      expect(created.postgres?.host).toBe("not deployed");
    } finally {
      process.env.THIRTY_PG_ADMIN_URL = adminUrl;
    }
    await trpcAs(caller).services.create({ app: name, service: { label: "worker", instances: 1 } });
    const deploy = await harness.act(caller, name, { action: "deploy" });
    expect(deploy.status, logbookText(deploy)).toBe("finished");
    expect(logbookText(deploy)).toContain("Creating the app's PostgreSQL database.");

    const host = `${name}-${caller.accountName}.localhost`;
    expect((await harness.get(host, "/?first")).body).toBe("first");
    const second = await harness.get(host, "/?second");
    expect(second.status, second.body).toBe(200);
    expect(second.body).toBe("first,second");

    const row = await getDb().databaseService.findFirstOrThrow({
      where: { app: { name }, label: "postgres" },
    });
    const password = decryptSecret(row.passwordEncrypted);
    const appId = row.appId;
    const [instance] = harness.runtime.live(appId, "app");
    const files = JSON.parse(
      readFileSync(path.join(instance?.home ?? "", "conf", "environment.json"), "utf8"),
    ) as Record<string, string>;
    expect(files).toMatchObject({
      DATABASE_NAME: row.name,
      DATABASE_USER: row.username,
      DATABASE_USERNAME: row.username,
      DATABASE_PASSWORD: password,
      DATABASE_HOST: "127.0.0.1",
      DATABASE_PORT: String(row.port),
      DATABASE_URL: `postgresql://${row.username}:${encodeURIComponent(password)}@127.0.0.1:${row.port}/${row.name}`,
    });
    const conf = readFileSync(path.join(instance?.home ?? "", "conf", "environment.conf"), "utf8");
    expect(conf).toContain(`export DATABASE_NAME='${row.name}'`);

    const onWorker = await harness.act(
      caller,
      name,
      { action: "runcommand", options: { command: 'echo "url=$DATABASE_URL pw=$DATABASE_PASSWORD"' } },
      "worker",
    );
    expect(onWorker.status, logbookText(onWorker)).toBe("finished");
    expect(logbookText(onWorker)).toContain(
      `url=postgresql://${row.username}:****@127.0.0.1:${row.port}/${row.name}`,
    );
    expect(logbookText(onWorker)).toContain("pw=****");
    expect(logbookText(onWorker)).not.toContain(password);
  });
});
