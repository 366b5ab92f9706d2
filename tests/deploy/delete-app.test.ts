import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runAction } from "@/server/pipeline/run-action";
import { queueAction } from "@/server/services/actions/queue-action";
import { getLogbook } from "@/server/services/actions/logbook";
import { deleteApp } from "@/server/services/apps/delete-app";
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

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Host processes that carry the instance marker of one of the app's instances or jobs. */
function processesOf(appId: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "utf8").includes(`INSTANCE_ID=${appId}~`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const WSGI = `def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"version one"]
`;

async function deployedApp(
  prefix: string,
  files: Record<string, string | { content: string; executable: true }>,
) {
  const caller = await createTestAccount(prefix);
  const name = uniqueName("del");
  const repo = makeGitRepository(files);
  await trpcAs(caller).apps.create({ name, repository: { location: repo.dir, variant: "git" } });
  await trpcAs(caller).services.create({
    app: name,
    service: { label: "worker", instances: 1, envvars: [] },
  });
  const first = await harness.act(caller, name, { action: "deploy" });
  expect(first.status, logbookText(first)).toBe("finished");
  const appId = (await getDb().app.findFirstOrThrow({ where: { name, accountId: caller.accountId } })).id;
  return { caller, name, appId, repo, host: `${name}-${caller.accountName}.localhost` };
}

describe("[DEPLOY] deleting an app is an action", () => {
  it("waits for the running deploy, stops instances, workers and cron jobs, removes files, and keeps its logbook", async () => {
    const files = {
      "app.py": WSGI,
      "worker.py": "import time\nwhile True:\n    time.sleep(1)\n",
      "thirty.ini":
        "[wsgi]\nentrypoint = app:application\n\n[worker:processes]\nconsume = python3 -u worker.py\n",
      "cron.txt": "* * * * * * sleep 30\n",
      postinstall: { content: "#!/bin/sh\ncrontab cron.txt\n", executable: true as const },
    };
    const doomed = await deployedApp("dela", files);
    const other = await deployedApp("delb", files);
    await until(() => processesOf(doomed.appId).length >= 2, "the doomed app's processes");

    // A second deploy that is still running (its postinstall sleeps) when the app is deleted.
    doomed.repo.commit(
      {
        ...files,
        "app.py": WSGI.replace("version one", "version two"),
        postinstall: { content: "#!/bin/sh\ncrontab cron.txt\nsleep 4\n", executable: true },
      },
      "slow postinstall",
    );
    const queued = await queueAction(doomed.caller, {
      appName: doomed.name,
      target: "app",
      request: { action: "deploy" },
    });
    const deploying = runAction(getDb(), harness.runtime, queued.id);
    await until(
      async () => (await getLogbook(doomed.caller, queued.id)).messages.some((m) => m.step === "postinstall"),
      "the deploy to reach postinstall",
    );
    const waiting = await queueAction(doomed.caller, {
      appName: doomed.name,
      target: "app",
      request: { action: "restart" },
    });

    const { logbookId } = await deleteApp(doomed.caller, doomed.name);
    // Gone for its users at once; another account cannot see or delete anything of it.
    await expect(trpcAs(doomed.caller).apps.get({ name: doomed.name })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(deleteApp(other.caller, doomed.name)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getLogbook(other.caller, logbookId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await getLogbook(doomed.caller, waiting.id)).status).toBe("error");

    await deploying;
    const cancelled = await getLogbook(doomed.caller, queued.id);
    expect(cancelled.status, logbookText(cancelled)).toBe("error");
    expect(logbookText(cancelled)).toContain(`Cancelled by ${doomed.caller.username}`);

    await runAction(getDb(), harness.runtime, logbookId);
    const deletion = await getLogbook(doomed.caller, logbookId);
    expect(deletion.status, logbookText(deletion)).toBe("finished");
    expect(deletion.appName).toBe(doomed.name);
    expect(logbookText(deletion)).toContain(`App ${doomed.name} is deleted.`);

    expect(harness.runtime.live(doomed.appId)).toEqual([]);
    await until(() => processesOf(doomed.appId).length === 0, "the doomed app's processes to end");
    expect(existsSync(harness.runtime.paths(doomed.appId).appDir)).toBe(false);
    expect(await getDb().app.findUnique({ where: { id: doomed.appId } })).toBeNull();
    expect((await harness.get(doomed.host)).status).not.toBe(200);

    // The other account's app never noticed; the name is free again at once.
    expect(await harness.get(other.host)).toMatchObject({ status: 200, body: "version one" });
    expect(processesOf(other.appId).length).toBeGreaterThan(0);
    await trpcAs(doomed.caller).apps.create({ name: doomed.name });
  });
});
