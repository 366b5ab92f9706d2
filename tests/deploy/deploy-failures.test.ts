import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runAction } from "@/server/pipeline/run-action";
import { cancelAction, getLogbook } from "@/server/services/actions/logbook";
import { queueAction } from "@/server/services/actions/queue-action";
import { startDeployHarness, logbookText } from "../support/deploy-harness";
import { makeGitRepository, type Files } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

const GOOD: Files = {
  "app.py": `def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"v1"]
`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
};

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  process.env.THIRTY_CHECK_TIMEOUT_MS = "4000";
  harness = await startDeployHarness();
});
afterAll(async () => {
  delete process.env.THIRTY_CHECK_TIMEOUT_MS;
  await harness.stop();
});

/** An app whose first deploy (v1) works, so every failure below has something to keep serving. */
async function servingApp() {
  const repo = makeGitRepository(GOOD);
  const caller = await createTestAccount("fail");
  const name = uniqueName("app");
  await trpcAs(caller).apps.create({ name, repository: { location: repo.dir } });
  const host = `${name}-${caller.accountName}.localhost`;
  const first = await harness.act(caller, name, { action: "deploy" });
  expect(first.status, logbookText(first)).toBe("finished");
  const appId = (await getDb().app.findFirstOrThrow({ where: { name } })).id;
  return { repo, caller, name, host, appId };
}

async function expectStillServingV1(host: string, appId: string) {
  const answer = await harness.get(host);
  expect(answer).toMatchObject({ status: 200, body: "v1" });
  // Only the old release's instance is live: the failed deploy's instances were stopped.
  expect(harness.runtime.live(appId, "app").map((i) => i.id)).toHaveLength(1);
  expect(await getDb().release.count({ where: { appId } })).toBe(1);
}

describe("[DEPLOY] failures keep the old release serving, and the logbook says why", () => {
  const cases: {
    title: string;
    change: (repo: ReturnType<typeof makeGitRepository>) => void;
    app?: { repoCommit?: string; location?: string };
    says: RegExp;
  }[] = [
    {
      title: "malformed thirty.ini",
      change: (repo) =>
        repo.commit(
          { "thirty.ini": "[wsgi]\nentrypoint = app:application\nthis is not ini\n" },
          "broken ini",
        ),
      says: /Configure failed: thirty\.ini has 1 problem: line 3/,
    },
    {
      title: "missing entrypoint module",
      change: (repo) =>
        repo.commit({ "thirty.ini": "[wsgi]\nentrypoint = nowhere:application\n" }, "bad entrypoint"),
      // Usually gunicorn exits first; on a loaded machine the timeout may come first.
      says: /Check failed: Instance 1 failed its health check: (its process exited[\s\S]*nowhere|it did not answer)/,
    },
    {
      title: "an app that never answers",
      change: (repo) => repo.commit({ "app.py": "import time\ntime.sleep(3600)\n" }, "hangs"),
      says: /Check failed: Instance 1 failed its health check: it did not answer HTTP within 4 s/,
    },
    {
      title: "a failing postinstall",
      change: (repo) =>
        repo.commit(
          { postinstall: { content: "#!/bin/sh\necho migrating\nexit 3\n", executable: true } },
          "bad hook",
        ),
      says: /Postinstall failed: postinstall failed on instance 1 \(exit 3\)/,
    },
    {
      title: "a bad ref",
      change: () => {},
      app: { repoCommit: "no-such-branch" },
      says: /Fetch failed: The repository has no branch, tag or commit "no-such-branch"/,
    },
    {
      title: "an unreachable repository",
      change: () => {},
      // Nothing listens on port 1 of the loopback: the connection is refused.
      app: { location: "http://127.0.0.1:1/nothing.git" },
      says: /Fetch failed: [\s\S]*(Could not connect|Connection refused|Failed to connect|unable to access)/,
    },
  ];

  for (const testCase of cases) {
    it(`keeps v1 serving after ${testCase.title}`, async () => {
      const { repo, caller, name, host, appId } = await servingApp();
      testCase.change(repo);
      if (testCase.app?.repoCommit)
        await trpcAs(caller).apps.update({ name, changes: { repo_commit: testCase.app.repoCommit } });
      if (testCase.app?.location)
        await trpcAs(caller).services.update({
          app: name,
          service: { label: "repository", location: testCase.app.location },
        });
      const logbook = await harness.act(caller, name, { action: "deploy" });
      expect(logbook.status).toBe("error");
      expect(logbookText(logbook)).toMatch(testCase.says);
      await expectStillServingV1(host, appId);
      expect(existsSync(path.join(harness.dataDir, "apps", appId, "releases", "2"))).toBe(false);
    });
  }

  it("masks a password in the repository URL in every message, and refuses refs that look like options", async () => {
    const { caller, name, host, appId } = await servingApp();
    await trpcAs(caller).services.update({
      app: name,
      service: { label: "repository", location: "https://bob:hunter2secret@127.0.0.1:9/blog.git" },
    });
    const logbook = await harness.act(caller, name, { action: "deploy" });
    expect(logbook.status).toBe("error");
    const text = logbookText(logbook);
    expect(text).toContain("https://bob:****@127.0.0.1:9/blog.git");
    expect(text).not.toContain("hunter2secret");
    await expectStillServingV1(host, appId);

    // Even a ref written to the database behind the API's back never reaches git as an option.
    await getDb().app.update({
      where: { id: appId },
      data: { repoCommit: "--upload-pack=touch /tmp/pwned" },
    });
    const injected = await harness.act(caller, name, { action: "deploy" });
    expect(logbookText(injected)).toContain(
      'Fetch failed: "--upload-pack=touch /tmp/pwned" is not a valid branch',
    );
    expect(existsSync("/tmp/pwned")).toBe(false);
  });

  it("cancels a running deploy: its processes die, its release is removed, the app is untouched", async () => {
    const { repo, caller, name, host, appId } = await servingApp();
    repo.commit(
      { postinstall: { content: "#!/bin/sh\necho started-slow-hook\nsleep 60\n", executable: true } },
      "slow hook",
    );
    const queued = await queueAction(caller, { appName: name, target: "app", request: { action: "deploy" } });
    const running = runAction(getDb(), harness.runtime, queued.id);
    for (let i = 0; i < 200; i++) {
      if (logbookText(await getLogbook(caller, queued.id)).includes("started-slow-hook")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const started = Date.now();
    await cancelAction(caller, queued.id);
    await running;
    expect(Date.now() - started).toBeLessThan(15_000);
    const logbook = await getLogbook(caller, queued.id);
    expect(logbook.status).toBe("error");
    expect(logbookText(logbook)).toContain(`Cancelled by ${caller.username}. The running app is untouched.`);
    await expectStillServingV1(host, appId);
  });

  it("cancels a queued action before it starts", async () => {
    const { caller, name } = await servingApp();
    const queued = await queueAction(caller, {
      appName: name,
      target: "app",
      request: { action: "restart" },
    });
    await cancelAction(caller, queued.id);
    await runAction(getDb(), harness.runtime, queued.id);
    const logbook = await getLogbook(caller, queued.id);
    expect(logbook.status).toBe("error");
    expect(logbookText(logbook)).toBe(`Cancelled by ${caller.username} before it started.`);
  });
});
