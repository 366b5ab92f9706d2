import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { startDeployHarness, logbookText } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

const FILES = {
  "app.py": `import os
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [os.environ["INSTANCE_ID"].encode()]
`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n\n[worker:processes]\nloop = sleep 3600\n",
};

async function deployedApp() {
  const repo = makeGitRepository(FILES);
  const caller = await createTestAccount("act");
  const name = uniqueName("app");
  await trpcAs(caller).apps.create({
    name,
    repository: { location: repo.dir },
    envvars: [{ name: "SHARED_TOKEN", value: "s3cr3t-value", secret: true }],
  });
  await trpcAs(caller).services.create({ app: name, service: { label: "worker", instances: 1 } });
  expect((await harness.act(caller, name, { action: "deploy" })).status).toBe("finished");
  const appId = (await getDb().app.findFirstOrThrow({ where: { name } })).id;
  return { caller, name, appId, host: `${name}-${caller.accountName}.localhost` };
}

describe("[ACTIONS] scale, restart, runcommand", () => {
  it("scales up and down, persists the count, and pauses at 0", async () => {
    const { caller, name, appId, host } = await deployedApp();
    const up = await harness.act(caller, name, { action: "scale", options: { instances: 3 } });
    expect(up.status, logbookText(up)).toBe("finished");
    expect(harness.runtime.live(appId, "app")).toHaveLength(3);
    const bodies = new Set<string>();
    for (let i = 0; i < 6; i++) bodies.add((await harness.get(host)).body);
    expect(bodies.size).toBe(3);
    expect((await getDb().app.findUniqueOrThrow({ where: { id: appId } })).instances).toBe(3);

    const paused = await harness.act(caller, name, { action: "scale", options: { instances: 0 } });
    expect(paused.status).toBe("finished");
    expect((await harness.get(host)).status).toBe(503);
    const back = await harness.act(caller, name, { action: "scale", options: { instances: 1 } });
    expect(back.status).toBe("finished");
    expect((await harness.get(host)).status).toBe(200);

    const workers = await harness.act(caller, name, { action: "scale", options: { instances: 2 } }, "worker");
    expect(workers.status, logbookText(workers)).toBe("finished");
    expect(harness.runtime.live(appId, "worker")).toHaveLength(2);
    await expect(harness.act(caller, name, { action: "scale", options: { instances: 4 } })).rejects.toThrow(
      /Quota reached/,
    );
  });

  it("restarts every instance with fresh processes, serving throughout", async () => {
    const { caller, name, appId, host } = await deployedApp();
    const before = harness.runtime.live(appId).map((i) => i.id);
    const restarted = await harness.act(caller, name, { action: "restart" });
    expect(restarted.status, logbookText(restarted)).toBe("finished");
    const after = harness.runtime.live(appId, "app").map((i) => i.id);
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0]);
    expect((await harness.get(host)).body).toBe(after[0]);
  });

  it("runs a command on 1 or all instances with output in the logbook; a failing one ends error", async () => {
    const { caller, name } = await deployedApp();
    await harness.act(caller, name, { action: "scale", options: { instances: 2 } });
    const all = await harness.act(caller, name, {
      action: "runcommand",
      options: { command: 'echo "ran on $INSTANCE_KIND with $SHARED_TOKEN"', occurrence: "all" },
    });
    expect(all.status, logbookText(all)).toBe("finished");
    expect(logbookText(all).match(/ran on app with \*\*\*\*/g)).toHaveLength(2);
    expect(logbookText(all)).not.toContain("s3cr3t-value");
    const onWorker = await harness.act(
      caller,
      name,
      { action: "runcommand", options: { command: "echo $INSTANCE_KIND" } },
      "worker",
    );
    expect(logbookText(onWorker)).toMatch(/^worker$/m);
    const failing = await harness.act(caller, name, {
      action: "runcommand",
      options: { command: "echo nope >&2; exit 4" },
    });
    expect(failing.status).toBe("error");
    expect(logbookText(failing)).toContain("Run failed: The command exited with 4 on instance 1.");
    const django = await harness.act(caller, name, {
      action: "djangocommand",
      options: { command: "migrate" },
    });
    expect(logbookText(django)).toContain("This is not a Django app");
  });

  it("keeps the newest releases and removes older ones with their files", async () => {
    process.env.THIRTY_KEEP_RELEASES = "2";
    try {
      const { caller, name, appId } = await deployedApp();
      for (let i = 0; i < 3; i++)
        expect((await harness.act(caller, name, { action: "deploy" })).status).toBe("finished");
      const releases = await getDb().release.findMany({ where: { appId }, orderBy: { number: "asc" } });
      expect(releases.map((r) => r.number)).toEqual([3, 4]);
      expect(existsSync(path.join(harness.dataDir, "apps", appId, "releases", "1"))).toBe(false);
      expect(existsSync(releases[1]?.directory ?? "")).toBe(true);
    } finally {
      delete process.env.THIRTY_KEEP_RELEASES;
    }
  });

  it("refuses bad actions with a clear message", async () => {
    const { caller, name } = await deployedApp();
    await expect(harness.act(caller, name, { action: "explode" })).rejects.toThrow(/Unknown action/);
    await expect(harness.act(caller, name, { action: "runcommand", options: {} })).rejects.toThrow(
      /Enter the command/,
    );
    await expect(harness.act(caller, name, { action: "deploy" }, "worker")).rejects.toThrow(
      /A worker cannot deploy/,
    );
  });
});
