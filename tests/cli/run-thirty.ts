import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const THIRTY_BIN = path.join(ROOT, "cli/bin/thirty.mjs");

export type Run = { code: number | null; stdout: string; stderr: string };

/**
 * Runs the real `thirty` binary as a child process. Asynchronous on purpose: the platform
 * it talks to is served from this same test process, so a synchronous spawn would block the
 * server that has to answer it.
 */
export function thirty(
  args: string[],
  options: { home: string; input?: string; timeoutMs?: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = startThirty(args, options);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`thirty ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(options.input ?? "");
  });
}

/** A running `thirty` whose output the test watches as it comes (logs --follow). */
export function startThirty(args: string[], options: { home: string }): ChildProcess {
  return spawn(process.execPath, [THIRTY_BIN, ...args], {
    cwd: ROOT,
    // Nothing of the test process's environment (database, queue) leaks into the client.
    env: { PATH: process.env.PATH ?? "", HOME: options.home, NODE_ENV: "test" },
    stdio: ["pipe", "pipe", "pipe"],
  });
}
