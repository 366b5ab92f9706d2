import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runAction } from "@/server/pipeline/run-action";
import { handleRestRequest } from "@/server/rest/router";
import { queueServiceAction } from "@/server/services/actions/queue-action";
import { getLogbook } from "@/server/services/actions/logbook";
import type { Caller } from "@/server/services/caller";
import { logbookText, startDeployHarness } from "../support/deploy-harness";
import { superuserOnlyDump } from "../support/notes-dump";
import { makeGitRepository } from "../support/git-repository";
import { NOTES_APP } from "../support/notes-app";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
let files: http.Server;
const served = new Map<string, Buffer>();
let filesUrl = "";

beforeAll(async () => {
  harness = await startDeployHarness();
  // A loopback file server for the dumps a restore downloads.
  files = http.createServer((req, res) => {
    const body = served.get(req.url ?? "");
    if (!body) return void res.writeHead(404).end("no such dump");
    res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(body);
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  process.env.THIRTY_RESTORE_ALLOW_PRIVATE = "1";
});
afterAll(async () => {
  delete process.env.THIRTY_RESTORE_ALLOW_PRIVATE;
  await new Promise((resolve) => files.close(resolve));
  await harness.stop();
});

async function onDatabase(caller: Caller, app: string, request: unknown) {
  const queued = await queueServiceAction(caller, { appName: app, label: "postgres", request });
  await runAction(getDb(), harness.runtime, queued.id);
  return getLogbook(caller, queued.id);
}

async function deployedNotes() {
  const repo = makeGitRepository(NOTES_APP);
  const caller = await createTestAccount("bkp");
  const name = uniqueName("notes");
  await trpcAs(caller).apps.create({ name, repository: { location: repo.dir }, database: true });
  const deploy = await harness.act(caller, name, { action: "deploy" });
  expect(deploy.status, logbookText(deploy)).toBe("finished");
  const appId = (await getDb().app.findFirstOrThrow({ where: { name } })).id;
  return { caller, name, appId, host: `${name}-${caller.accountName}.localhost` };
}

describe("[DATABASES] backup and restore", () => {
  it("backs up with pg_dump, then restores that backup over later changes, served from loopback", async () => {
    const { caller, name, appId, host } = await deployedNotes();
    expect((await harness.get(host, "/?alpha")).body).toBe("alpha");

    const backup = await onDatabase(caller, name, { action: "backup" });
    expect(backup.status, logbookText(backup)).toBe("finished");
    expect(backup.action).toBe("PostgresBackupAction");
    const link = /Download: (\S+)/.exec(logbookText(backup))?.[1] ?? "";
    expect(link).toMatch(
      new RegExp(
        `/0\\.9/${caller.accountName}/apps/${name}/services/postgres/backups/\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.dump$`,
      ),
    );
    const file = path.join(process.env.THIRTY_DATA_DIR ?? "", "backups", appId, path.basename(link));
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("PGDMP");
    const row = await getDb().databaseService.findFirstOrThrow({ where: { appId } });
    expect(logbookText(backup)).not.toContain(row.passwordEncrypted);

    // The link serves the dump to the app's account (Basic auth), and to no one else.
    const download = async (who: { username: string; password: string }) =>
      handleRestRequest(
        new Request(`http://127.0.0.1:3000${new URL(link).pathname}`, {
          headers: {
            Authorization: `Basic ${Buffer.from(`${who.username}:${who.password}`).toString("base64")}`,
          },
        }),
      );
    const mine = await download(caller);
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer()).equals(readFileSync(file))).toBe(true);
    const stranger = await createTestAccount("other");
    const theirs = await handleRestRequest(
      new Request(
        `http://127.0.0.1:3000${new URL(link).pathname.replace(caller.accountName, stranger.accountName)}`,
        {
          headers: {
            Authorization: `Basic ${Buffer.from(`${stranger.username}:${stranger.password}`).toString("base64")}`,
          },
        },
      ),
    );
    expect(theirs.status).toBe(404);

    expect((await harness.get(host, "/?beta")).body).toBe("alpha,beta");
    served.set("/alpha.dump", readFileSync(file));
    const restore = await onDatabase(caller, name, {
      action: "restore",
      options: { location: `${filesUrl}/alpha.dump` },
    });
    expect(restore.status, logbookText(restore)).toBe("finished");
    expect(restore.action).toBe("PostgresRestoreAction");
    expect(logbookText(restore)).toMatch(/Downloaded \d+ bytes/);
    expect((await harness.get(host)).body).toBe("alpha");
  });

  it("restores a dump made elsewhere (other owner) as the app's role; failures say why and leave the app serving", async () => {
    const { caller, name, host } = await deployedNotes();
    expect((await harness.get(host, "/?mine")).body).toBe("mine");
    // A dump of another database, owned by another role: --no-owner/--no-acl make it the app's.
    const admin = new pg.Client({ connectionString: process.env.THIRTY_PG_ADMIN_URL });
    await admin.connect();
    const source = uniqueName("src");
    await admin.query(`CREATE DATABASE ${source}`);
    await admin.end();
    const url = new URL(process.env.THIRTY_PG_ADMIN_URL ?? "");
    url.pathname = `/${source}`;
    const other = new pg.Client({ connectionString: url.toString() });
    await other.connect();
    await other.query(
      "CREATE TABLE notes (id serial PRIMARY KEY, body text); INSERT INTO notes (body) VALUES ('from'), ('elsewhere')",
    );
    await other.end();
    served.set(
      "/elsewhere.dump",
      execFileSync("/usr/lib/postgresql/15/bin/pg_dump", ["-Fc", url.toString()], {
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
    const restored = await onDatabase(caller, name, {
      action: "restore",
      options: { location: `${filesUrl}/elsewhere.dump` },
    });
    expect(restored.status, logbookText(restored)).toBe("finished");
    expect((await harness.get(host)).body).toBe("from,elsewhere");
    expect((await harness.get(host, "/?after")).body).toBe("from,elsewhere,after");

    const missing = await onDatabase(caller, name, {
      action: "restore",
      options: { location: `${filesUrl}/nope.dump` },
    });
    expect(missing.status).toBe("error");
    expect(logbookText(missing)).toContain(
      "Download failed: Downloading the dump failed: the server answered 404.",
    );
    served.set("/garbage.dump", Buffer.from("this is not a dump"));
    const garbage = await onDatabase(caller, name, {
      action: "restore",
      options: { location: `${filesUrl}/garbage.dump` },
    });
    expect(garbage.status).toBe("error");
    expect(logbookText(garbage)).toContain("not a pg_dump custom-format archive");
    // A dump whose SQL the app's role may not run fails in pg_restore, with its words in the logbook.
    served.set("/evil.dump", await superuserOnlyDump());
    const evil = await onDatabase(caller, name, {
      action: "restore",
      options: { location: `${filesUrl}/evil.dump` },
    });
    expect(evil.status).toBe("error");
    expect(logbookText(evil)).toMatch(/pg_restore: .*(must be owner|permission denied|superuser)/);
    expect(logbookText(evil)).toContain("Restore failed: pg_restore failed (exit 1); nothing was changed.");

    delete process.env.THIRTY_RESTORE_ALLOW_PRIVATE;
    try {
      const privateUrl = await onDatabase(caller, name, {
        action: "restore",
        options: { location: `${filesUrl}/elsewhere.dump` },
      });
      expect(privateUrl.status).toBe("error");
      expect(logbookText(privateUrl)).toMatch(/private or loopback address/);
    } finally {
      process.env.THIRTY_RESTORE_ALLOW_PRIVATE = "1";
    }
    expect((await harness.get(host)).body).toBe("from,elsewhere,after");
    await expect(
      queueServiceAction(caller, {
        appName: name,
        label: "postgres",
        request: { action: "restore", options: { location: "file:///etc/passwd" } },
      }),
    ).rejects.toThrow(/http or https URL/);
  });
});
