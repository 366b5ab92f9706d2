import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { stopLeftoverNginx } from "./leftover-nginx";
import { getDb } from "@/server/db/client";
import { findFreePort } from "@/server/platform/free-port";
import { getLogbook } from "@/server/services/actions/logbook";
import { queueAction } from "@/server/services/actions/queue-action";
import type { Caller } from "@/server/services/caller";
import { logbookText } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { makeTestDataDir } from "../support/test-data-dir";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";
import { TEST_QUEUE_SCHEMAS } from "../support/queue-schemas";

// Two worker processes (`worker,runtime`, each with its own data dir) take actions from one
// queue, as two machines would. A private queue schema keeps other test files' jobs out.
const QUEUE_SCHEMA = TEST_QUEUE_SCHEMAS.twoWorkers;
process.env.THIRTY_QUEUE_SCHEMA = QUEUE_SCHEMA;
const LEASE_MS = 4000;

type Worker = { child: ChildProcess; dataDir: string; routerPort: number };
const workers: Worker[] = [];

async function startWorker(dataDir = makeTestDataDir("w")): Promise<Worker> {
  const routerPort = await findFreePort();
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/platform-child.ts"], {
    env: {
      ...process.env,
      THIRTY_DATA_DIR: dataDir,
      ROUTER_PORT: String(routerPort),
      THIRTY_QUEUE_SCHEMA: QUEUE_SCHEMA,
      THIRTY_ACTION_LEASE_MS: String(LEASE_MS),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("READY")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
  const worker = { child, dataDir, routerPort };
  workers.push(worker);
  return worker;
}

afterAll(async () => {
  await Promise.all(
    workers
      .filter((worker) => worker.child.exitCode === null && worker.child.signalCode === null)
      .map((worker) => {
        worker.child.kill("SIGTERM");
        return new Promise((resolve) => worker.child.once("exit", resolve));
      }),
  );
  for (const dataDir of new Set(workers.map((worker) => worker.dataDir))) {
    stopLeftoverNginx(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

async function waitFor<T>(probe: () => Promise<T | false | undefined>, what: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ended = (caller: Caller, id: string) =>
  waitFor(async () => {
    const logbook = await getLogbook(caller, id);
    return logbook.status === "finished" || logbook.status === "error" ? logbook : false;
  }, `action ${id} to end`);

const APP = 'def application(e, s):\n    s("200 OK", [])\n    return [b"ok"]\n';
const slowHook = (seconds: number) => ({
  content: `#!/bin/sh\necho hook-started\nsleep ${seconds}\n`,
  executable: true as const,
});

async function appWithHook(caller: Caller, seconds: number) {
  const repo = makeGitRepository({
    "app.py": APP,
    "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
    postinstall: slowHook(seconds),
  });
  const name = uniqueName("app");
  await trpcAs(caller).apps.create({ name, repository: { location: repo.dir } });
  return { name, repo };
}

const deploy = (caller: Caller, appName: string) =>
  queueAction(caller, { appName, target: "app", request: { action: "deploy" } });

describe("[WORKERS] two worker processes share one queue", () => {
  it("never overlaps two actions of one app, runs different apps in parallel", async () => {
    await Promise.all([startWorker(), startWorker()]);
    const caller = await createTestAccount("two");
    const x = await appWithHook(caller, 2);
    const y = await appWithHook(caller, 2);
    const queued = [await deploy(caller, x.name), await deploy(caller, x.name), await deploy(caller, y.name)];
    const [x1, x2, y1] = await Promise.all(queued.map((action) => ended(caller, action.id)));
    for (const logbook of [x1, x2, y1])
      expect(logbook?.status, logbookText(logbook ?? { messages: [] })).toBe("finished");
    const span = (l: typeof x1) => [l?.startedAt?.getTime() ?? NaN, l?.finishedAt?.getTime() ?? NaN] as const;
    const [x1s, x1e] = span(x1);
    const [x2s, x2e] = span(x2);
    const [ys, ye] = span(y1);
    // One app: the second deploy starts only once the first has ended.
    expect(x2s).toBeGreaterThanOrEqual(x1e);
    // Two apps: at some moment both ran.
    expect(Math.max(x1s, ys)).toBeLessThan(Math.min(Math.max(x1e, x2e), ye));
  }, 240_000);

  it("a worker killed mid-action: another ends that action once its lease expires and runs the next", async () => {
    if (workers.length < 2) await Promise.all([startWorker(), startWorker()]);
    const caller = await createTestAccount("kill");
    const z = await appWithHook(caller, 300);
    const first = await deploy(caller, z.name);
    const next = await deploy(caller, z.name);
    await waitFor(
      async () => logbookText(await getLogbook(caller, first.id)).includes("hook-started"),
      "the slow hook to start",
    );
    // The next deploy must not wait for a hook that never ends.
    z.repo.commit({ postinstall: slowHook(0) }, "quick hook");
    const row = await getDb().action.findUniqueOrThrow({ where: { id: first.id } });
    const pid = Number(/\/(\d+)-/.exec(row.leaseOwner ?? "")?.[1]);
    const holder = workers.find((worker) => worker.child.pid === pid);
    expect(holder, `lease owner ${row.leaseOwner}`).toBeDefined();
    expect((await getLogbook(caller, next.id)).status).toBe("queued");
    holder?.child.kill("SIGKILL");
    await new Promise((resolve) => holder?.child.once("exit", resolve));

    const interrupted = await ended(caller, first.id);
    expect(interrupted?.status).toBe("error");
    expect(logbookText(interrupted ?? { messages: [] })).toContain("stopped renewing its lease");
    const after = await ended(caller, next.id);
    expect(after?.status, logbookText(after ?? { messages: [] })).toBe("finished");
    const survivor = workers.find((worker) => worker !== holder && worker.child.exitCode === null);
    const taken = await getDb().action.findUniqueOrThrow({ where: { id: next.id } });
    expect(taken.leaseOwner).toContain(`/${survivor?.child.pid}-`);

    // The killed worker's data dir comes back: its leftover hook and instances are stopped.
    if (holder) await startWorker(holder.dataDir);
  }, 240_000);
});
