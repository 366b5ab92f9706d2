import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../../server/platform/free-port";

const ROOT = path.resolve(__dirname, "../..");
const READY = /thirtyloops is serving the dashboard on/;

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
  /** Extra environment for the launcher. */
  env?: Record<string, string>;
  timeoutMs?: number;
};

/**
 * Starts an independent platform (`scripts/start.ts`) with its own data dir, ports and
 * embedded PostgreSQL, separate from the one playwright.config.ts serves the tests on,
 * and resolves once it announces it is serving.
 */
export async function startPlatform(options: StartPlatformOptions = {}): Promise<PlatformProcess> {
  const port = await findFreePort();
  const routerPort = await findFreePort();
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
    ...options.env,
  };
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
  let output = "";
  const exited = new Promise<PlatformExit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const timeoutMs = options.timeoutMs ?? 180_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      reject(new Error(`The platform did not start within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (READY.test(output)) {
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
        const timer = setTimeout(() => killGroup(child, "SIGKILL"), timeoutMs);
        const exit = await exited;
        clearTimeout(timer);
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

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
