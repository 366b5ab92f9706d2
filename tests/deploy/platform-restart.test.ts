import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { removeAppUser } from "@/server/runtime/sandbox/app-user";
import { getLogbook } from "@/server/services/actions/logbook";
import { queueAction } from "@/server/services/actions/queue-action";
import type { Caller } from "@/server/services/caller";
import { httpGet, logbookText } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { makeTestDataDir } from "../support/test-data-dir";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";
import { TEST_QUEUE_SCHEMAS } from "../support/queue-schemas";

// This file runs its own queue worker (in a child process): a private queue schema keeps it
// from taking jobs that other test files queue in the shared database.
const QUEUE_SCHEMA = TEST_QUEUE_SCHEMAS.platformRestart;
process.env.THIRTY_QUEUE_SCHEMA = QUEUE_SCHEMA;

const dataDir = makeTestDataDir("r");
let routerPort = 0;
let child: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startPlatform(): Promise<ChildProcess> {
  const started = spawn(process.execPath, ["--import", "tsx", "tests/support/platform-child.ts"], {
    env: {
      ...process.env,
      THIRTY_DATA_DIR: dataDir,
      ROUTER_PORT: String(routerPort),
      THIRTY_QUEUE_SCHEMA: QUEUE_SCHEMA,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    started.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("READY")) resolve();
    });
    started.on("exit", (code) => reject(new Error(`platform exited early (${code})`)));
  });
  return started;
}

async function waitFor<T>(probe: () => Promise<T | false | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function waitForStatus(caller: Caller, id: string, statuses: string[]) {
  return waitFor(async () => {
    const logbook = await getLogbook(caller, id);
    return statuses.includes(logbook.status) ? logbook : false;
  });
}

/** Processes running with INSTANCE_ID=id in their environment. */
function processesOf(instanceId: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`INSTANCE_ID=${instanceId}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(async () => {
  routerPort = await freePort();
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
});

describe("[RESTART] the platform process dies and comes back", () => {
  it("runs actions from the queue, fails the one a crash interrupted, and takes its instances over", async () => {
    child = await startPlatform();
    const repo = makeGitRepository({
      "app.py": 'def application(e, s):\n    s("200 OK", [])\n    return [b"back"]\n',
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
    });
    const caller = await createTestAccount("rst");
    const name = uniqueName("app");
    await trpcAs(caller).apps.create({ name, repository: { location: repo.dir } });
    const host = `${name}-${caller.accountName}.localhost`;

    const deploy = await queueAction(caller, { appName: name, target: "app", request: { action: "deploy" } });
    // Queued behind the deploy in the app's queue: one action at a time per app.
    const slow = await queueAction(caller, {
      appName: name,
      target: "app",
      request: { action: "runcommand", options: { command: "echo long-job-started; sleep 30" } },
    });
    expect((await getLogbook(caller, slow.id)).status).toBe("queued");
    const deployed = await waitForStatus(caller, deploy.id, ["finished", "error"]);
    expect(deployed.status, logbookText(deployed)).toBe("finished");
    expect(await httpGet(routerPort, host)).toMatchObject({ status: 200, body: "back" });

    const running = await waitForStatus(caller, slow.id, ["running"]);
    expect(running.startedAt?.getTime()).toBeGreaterThanOrEqual(deployed.finishedAt?.getTime() ?? Infinity);
    const before = await getDb().instance.findMany({ where: { app: { name } } });
    expect(processesOf(before[0]?.id ?? "none").length).toBeGreaterThan(0);
    child.kill("SIGKILL");
    await new Promise((r) => child?.once("exit", r));

    child = await startPlatform();
    const interrupted = await getLogbook(caller, slow.id);
    expect(interrupted.status).toBe("error");
    expect(logbookText(interrupted)).toContain("The platform restarted while this action was running");
    const answer = await waitFor(async () => {
      const reply = await httpGet(routerPort, host);
      return reply.status === 200 ? reply : false;
    });
    expect(answer.body).toBe("back");
    // The crashed platform's instance kept running and was taken over, row and all; the
    // command it was running ended with it.
    const after = await getDb().instance.findMany({ where: { app: { name } } });
    expect(after.map((row) => row.id)).toEqual(before.map((row) => row.id));
    expect(processesOf(before[0]?.id ?? "none").length).toBeGreaterThan(0);
    const appId = before[0]?.appId ?? "none";
    const others = readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          const marker = readFileSync(`/proc/${pid}/environ`, "utf8")
            .split("\0")
            .find((v) => v.startsWith(`INSTANCE_ID=${appId}~`));
          return marker !== undefined && !after.some((row) => marker === `INSTANCE_ID=${row.id}`);
        } catch {
          return false;
        }
      });
    expect(others).toEqual([]);
    // It is still metered: its usage record stays open.
    const usage = await getDb().usageRecord.findFirstOrThrow({ where: { instanceId: before[0]?.id } });
    expect(usage.stoppedAt).toBeNull();

    // A graceful stop: exits 0 and its instances stop with it.
    child.kill("SIGTERM");
    const code = await new Promise((r) => child?.once("exit", r));
    expect(code).toBe(0);
    await expect(httpGet(routerPort, host)).rejects.toThrow();
    // The child platform made the app's Unix user; the machine should not keep it.
    await removeAppUser((await getDb().app.findFirstOrThrow({ where: { name } })).id);
  }, 120_000);
});
