import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runAction } from "@/server/pipeline/run-action";
import { presentLogbook } from "@/server/rest/presenters";
import { getLogbook, type ActionSummary } from "@/server/services/actions/logbook";
import type { Caller } from "@/server/services/caller";
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
    return [os.environ.get("GREETING", "none").encode()]
`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n\n[worker:processes]\nloop = sleep 3600\n",
};

/** Every value the tests set: none may show up in an entry or a logbook. */
const VALUES = [
  "tok-value-first-1f2e",
  "tok-value-second-9a8b",
  "debug-value-plain-77aa",
  "plain-value-new-31cd",
  "hello-value-greeting-5e5e",
  "queue-value-worker-0c0c",
  "queue-value-again-4b4b",
  "paused-value-6d6d",
];

async function everythingSaid(caller: Caller, app: string): Promise<string> {
  const entries = await trpcAs(caller).actions.list({ app });
  const logbooks = await Promise.all(entries.map((entry) => getLogbook(caller, entry.id)));
  return JSON.stringify({ entries, logbooks });
}

function expectNoValues(text: string) {
  for (const value of VALUES) expect(text).not.toContain(value);
}

const byKind = (entries: ActionSummary[], kind: string) => entries.filter((e) => e.kind === kind);

describe("[ACTIVITY] changes of variables", () => {
  it("records a change on an app that runs nothing, with names only, never runs it, and only its account sees it", async () => {
    const a = await createTestAccount("vara");
    const b = await createTestAccount("varb");
    const name = uniqueName("web");
    const me = trpcAs(a);
    await me.apps.create({
      name,
      envvars: [
        { name: "API_TOKEN", value: VALUES[0] ?? "" },
        { name: "DEBUG", value: VALUES[2] ?? "", secret: false },
      ],
    });
    const created = await me.actions.list({ app: name });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      kind: "setvars",
      status: "finished",
      action: "AppSetVarsAction",
      requestedBy: a.username,
      trigger: { source: "variables", set: ["API_TOKEN", "DEBUG"], removed: [] },
    });

    const saved = await me.apps.update({
      name,
      changes: {
        envvars: [
          { name: "API_TOKEN", value: VALUES[1] ?? "" },
          { name: "NEW_ONE", value: VALUES[3] ?? "", secret: false },
        ],
      },
    });
    expect(saved.restartQueued).toBeNull();
    expect(saved.envChange?.note).toMatch(/has not been deployed yet/);
    const entries = await me.actions.list({ app: name });
    expect(entries).toHaveLength(2);
    const latest = entries[0];
    expect(latest).toMatchObject({
      id: saved.envChange?.logbookId,
      kind: "setvars",
      options: { reason: "not-deployed" },
      trigger: { source: "variables", set: ["API_TOKEN", "NEW_ONE"], removed: ["DEBUG"] },
    });
    const logbook = await getLogbook(a, latest?.id ?? "");
    expect(logbook.messages.map((m) => m.message)).toEqual([
      `${a.username} changed the app's variables: set API_TOKEN, NEW_ONE; removed DEBUG.`,
      "Nothing was restarted. The app has not been deployed yet: its first deploy starts it with these variables.",
    ]);
    expect(presentLogbook(logbook, "http://x/logbook")).toMatchObject({
      action: "AppSetVarsAction",
      status: "finished",
      requested_by: a.username,
    });

    // The same values again (a secret sent back masked keeps its value): nothing changed.
    const read = await me.apps.get({ name });
    const same = await me.apps.update({ name, changes: { envvars: read.envvars } });
    expect(same.envChange).toBeNull();
    expect(await me.actions.list({ app: name })).toHaveLength(2);

    // The queue never runs a record: it is already finished, and the runner leaves it so.
    await runAction(getDb(), harness.runtime, latest?.id ?? "");
    expect((await getLogbook(a, latest?.id ?? "")).messages).toHaveLength(2);
    await expect(me.actions.cancel({ id: latest?.id ?? "" })).rejects.toThrow(/already ended/);
    await expect(me.actions.queue({ app: name, request: { action: "setvars" } as never })).rejects.toThrow();

    expectNoValues(await everythingSaid(a, name));

    // Another account: none of A's entries, under any name, and its own stay its own.
    const other = trpcAs(b);
    expect(await other.actions.list({ app: name })).toEqual([]);
    await expect(other.actions.logbook({ id: latest?.id ?? "" })).rejects.toThrow(/not found/i);
    await other.apps.create({ name, envvars: [{ name: "B_ONLY", value: "b-value" }] });
    const theirs = await other.actions.list({ app: name });
    expect(theirs).toHaveLength(1);
    expect(theirs[0]?.trigger).toEqual({ source: "variables", set: ["B_ONLY"], removed: [] });
    expect((await me.actions.list({ app: name })).map((e) => e.id)).not.toContain(theirs[0]?.id);
  });

  it("restarts a running app and worker with the names on the restart, and records the change when they are paused", async () => {
    const repo = makeGitRepository(FILES);
    const caller = await createTestAccount("varrun");
    const name = uniqueName("app");
    const me = trpcAs(caller);
    await me.apps.create({ name, repository: { location: repo.dir } });
    await me.services.create({ app: name, service: { label: "worker", instances: 1 } });
    const deployed = await harness.act(caller, name, { action: "deploy" });
    expect(deployed.status, logbookText(deployed)).toBe("finished");
    const host = `${name}-${caller.accountName}.localhost`;
    expect((await harness.get(host)).body).toBe("none");

    const saved = await me.apps.update({
      name,
      changes: { envvars: [{ name: "GREETING", value: VALUES[4] ?? "", secret: false }] },
    });
    const restartId = saved.restartQueued?.id ?? "";
    expect(saved.envChange).toMatchObject({ logbookId: restartId, note: /rolling restart was queued/ });
    const queued = await getLogbook(caller, restartId);
    expect(queued).toMatchObject({
      kind: "restart",
      target: "app",
      status: "queued",
      requestedBy: caller.username,
      trigger: { source: "variables", set: ["GREETING"], removed: [] },
    });
    expect(queued.messages[0]?.message).toBe(
      `Queued because ${caller.username} changed the app's variables (set GREETING): a rolling restart gives the instances the new values.`,
    );
    await runAction(getDb(), harness.runtime, restartId);
    const restarted = await getLogbook(caller, restartId);
    expect(restarted.status, logbookText(restarted)).toBe("finished");
    expect((await harness.get(host)).body).toBe(VALUES[4]);

    const worker = await me.services.update({
      app: name,
      service: { label: "worker", envvars: [{ name: "QUEUE", value: VALUES[5] ?? "", secret: false }] },
    });
    const workerRestart = await getLogbook(caller, worker.envChange?.restartQueued?.id ?? "");
    expect(workerRestart).toMatchObject({
      kind: "restart",
      target: "worker",
      action: "WorkerRestartAction",
      trigger: { source: "variables", set: ["QUEUE"], removed: [] },
    });
    expect(workerRestart.messages[0]?.message).toMatch(/changed the worker's variables \(set QUEUE\)/);
    await runAction(getDb(), harness.runtime, workerRestart.id);
    expect((await getLogbook(caller, workerRestart.id)).status).toBe("finished");

    expect(
      (await harness.act(caller, name, { action: "scale", options: { instances: 0 } }, "worker")).status,
    ).toBe("finished");
    const idleWorker = await me.services.update({
      app: name,
      service: { label: "worker", envvars: [{ name: "QUEUE", value: VALUES[6] ?? "", secret: false }] },
    });
    expect(idleWorker.envChange?.restartQueued).toBeNull();
    expect(await getLogbook(caller, idleWorker.envChange?.logbookId ?? "")).toMatchObject({
      kind: "setvars",
      target: "worker",
      action: "WorkerSetVarsAction",
      options: { reason: "worker-paused" },
    });

    expect((await harness.act(caller, name, { action: "scale", options: { instances: 0 } })).status).toBe(
      "finished",
    );
    const paused = await me.apps.update({
      name,
      changes: { envvars: [{ name: "PAUSED", value: VALUES[7] ?? "", secret: false }] },
    });
    expect(paused.restartQueued).toBeNull();
    expect(paused.envChange?.note).toMatch(/paused \(0 instances\)/);

    const entries = await me.actions.list({ app: name });
    expect(byKind(entries, "setvars").map((e) => e.trigger)).toEqual([
      { source: "variables", set: ["PAUSED"], removed: ["GREETING"] },
      { source: "variables", set: ["QUEUE"], removed: [] },
    ]);
    expect(byKind(entries, "restart")).toHaveLength(2);
    expectNoValues(await everythingSaid(caller, name));
  });
});
