import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../server/platform/free-port";
import { killRecorded, recordedRuns } from "../../server/runtime/local/run-records";
import { stopLeftoverNginx } from "../../tests/faults/leftover-nginx";

const ROOT = path.resolve(__dirname, "../..");
const READY = /thirtyloops is serving the dashboard on/;
/** What a process without the `web` role says once it runs (scripts/start.ts). */
const READY_WITHOUT_WEB = /thirtyloops is running /;

/** Launchers still running, killed with this process if it ends before stopping them. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

export type PlatformExit = { code: number | null; signal: NodeJS.Signals | null };

export type PlatformProcess = {
  /** http://localhost:<port> */
  url: string;
  port: number;
  routerPort: number;
  dataDir: string;
  pid: number | undefined;
  /** Everything the launcher printed so far. */
  output: () => string;
  /** SIGTERM, then waits for the whole tree to stop (SIGKILL after `timeoutMs`). */
  stop: (timeoutMs?: number) => Promise<PlatformExit>;
};

export type StartPlatformOptions = {
  /** Reuse a data dir (e.g. a stopped platform's) to prove data survives a restart. */
  dataDir?: string;
  /**
   * THIRTY_ROLES, e.g. "web" or "worker,runtime" (all roles by default). A split process needs
   * DATABASE_URL, THIRTY_PG_ADMIN_URL and THIRTY_SECRET in `env` (e2e/helpers/shared-platform.ts).
   */
  roles?: string;
  /** The router's port: a free one by default; a `web` process links apps on its runtime's. */
  routerPort?: number;
  /** Extra environment for the launcher. */
  env?: Record<string, string>;
  timeoutMs?: number;
};

/**
 * Starts a platform process (`scripts/start.ts`) with its own data dir and ports, separate
 * from the one playwright.config.ts serves the tests on, and resolves once it announces it
 * is serving (or running, without the `web` role). Unless `env` names a DATABASE_URL it has
 * its own embedded PostgreSQL.
 */
export async function startPlatform(options: StartPlatformOptions = {}): Promise<PlatformProcess> {
  const port = await findFreePort();
  const routerPort = options.routerPort ?? (await findFreePort());
  const dataDir = options.dataDir ?? newDataDir();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    ROUTER_PORT: String(routerPort),
    THIRTY_DATA_DIR: dataDir,
    THIRTY_PUBLIC_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    // Where e2e/helpers/apps.ts makes the test repositories.
    THIRTY_LOCAL_REPOSITORIES: path.join(os.tmpdir(), "thirty-test-repos"),
    ...(options.roles ? { THIRTY_ROLES: options.roles } : {}),
    ...options.env,
  };
  const ready = !options.roles || options.roles.includes("web") ? READY : READY_WITHOUT_WEB;
  // Its own embedded PostgreSQL and its key file in the data dir, never the caller's.
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  if (!options.env?.THIRTY_SECRET) delete env.THIRTY_SECRET;

  const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a stuck tree can be killed whole.
    detached: true,
  });
  running.add(child);
  let output = "";
  const exited = new Promise<PlatformExit>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const timeoutMs = options.timeoutMs ?? 180_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      void exited.then(() => stopLeftovers(dataDir));
      reject(new Error(`The platform did not start within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`The platform exited while starting (${exit.signal ?? exit.code}):\n${output}`));
    });
  });

  return {
    url,
    port,
    routerPort,
    dataDir,
    pid: child.pid,
    output: () => output,
    async stop(timeoutMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        let killed = false;
        const timer = setTimeout(() => {
          killed = true;
          killGroup(child, "SIGKILL");
        }, timeoutMs);
        const exit = await exited;
        clearTimeout(timer);
        // The router and the apps' instances run in process groups of their own.
        if (killed) stopLeftovers(dataDir);
        return exit;
      }
      return exited;
    },
  };
}

/** A fresh data dir under the system temp dir (PostgreSQL's user must be able to reach it). */
export function newDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "thirty-e2e-platform-"));
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * What a platform killed with SIGKILL leaves running, on purpose (the next runtime on the same
 * data dir takes them over): its nginx and its apps' instances. A test that removes the data
 * dir stops them itself.
 */
function stopLeftovers(dataDir: string): void {
  stopLeftoverNginx(dataDir);
  const appsDir = path.join(dataDir, "apps");
  let apps: string[] = [];
  try {
    apps = readdirSync(appsDir);
  } catch {
    return;
  }
  for (const [id, runDir] of recordedRuns(apps.map((app) => path.join(appsDir, app, "pids"))))
    killRecorded(runDir, id);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
