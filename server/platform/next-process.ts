import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export type NextExit = { code: number | null; signal: NodeJS.Signals | null };

export type NextProcess = {
  pid: number | undefined;
  /** Settles when the server process has exited, for whatever reason. */
  exited: Promise<NextExit>;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process is gone. */
  stop: (timeoutMs?: number) => Promise<NextExit>;
};

export type NextOptions = {
  root: string;
  port: number;
  dev: boolean;
  env: NodeJS.ProcessEnv;
};

/**
 * Spawns the Next.js server (scripts/next-server.ts: Next.js, production or dev, behind the
 * platform's edge gate) on 0.0.0.0:port, its output going to this console. Its stdin is a
 * pipe from this process: if this process dies, even by SIGKILL, the kernel closes the
 * pipe and the server exits instead of living on as an orphan holding the port.
 */
export function spawnNext(options: NextOptions): NextProcess {
  // Production runs the server compiled with the launcher (no tsx or esbuild in the running
  // tree); development and checkouts without the bundle compile it on the fly.
  const compiled = path.join(options.root, "dist", "launcher", "next-server.mjs");
  const useCompiled = !options.dev && existsSync(compiled);
  const bin = useCompiled ? compiled : path.join(options.root, "scripts", "next-server.ts");
  const args = [...(useCompiled ? [] : ["--import", "tsx"]), bin];
  args.push("--port", String(options.port), "--host", "0.0.0.0");
  if (options.dev) args.push("--dev");
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: options.root,
    env: { ...options.env, THIRTY_PARENT_PIPE: "stdin" },
    stdio: ["pipe", "inherit", "inherit"],
  });
  const exited = new Promise<NextExit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", (error) => {
      console.error(`Could not start ${bin}: ${error.message}`);
      resolve({ code: 127, signal: null });
    });
  });
  return {
    pid: child.pid,
    exited,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => {
          console.error(`next did not exit within ${timeoutMs / 1000} s: killing it.`);
          child.kill("SIGKILL");
        }, timeoutMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
}

/** Resolves once an HTTP GET on `url` gets any answer; rejects after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; abort?: Promise<unknown> },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let aborted = false;
  void options.abort?.then(() => {
    aborted = true;
  });
  for (;;) {
    if (aborted) throw new Error(`Stopped waiting for ${url}: the server exited.`);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`${url} did not answer within ${options.timeoutMs / 1000} s.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
