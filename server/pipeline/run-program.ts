import { rm } from "node:fs/promises";
import path from "node:path";
import { writePidFile } from "@/server/runtime/local/orphans";
import { spawnGroup, stopGroup } from "@/server/runtime/local/process-group";
import { StepFailure } from "./step-failure";

export type ProgramResult = { code: number | null; signal: string | null; output: string[] };

/**
 * Runs a platform-side program (git, hg, python -m venv, pip) as its own process group, so a
 * cancel kills it and everything it started, and only that. Lines go to `onLine` as they come.
 */
export async function runProgram(options: {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
  onLine?: (line: string) => void;
  keepOutput?: number;
  /** An instance's run dir: the pid is recorded there while it runs (orphan clean-up). */
  pidDir?: string;
}): Promise<ProgramResult> {
  const output: string[] = [];
  const keep = options.keepOutput ?? 200;
  const group = spawnGroup({
    argv: options.argv,
    cwd: options.cwd,
    env: options.env,
    onLine: (_stream, line) => {
      output.push(line);
      if (output.length > keep) output.shift();
      options.onLine?.(line);
    },
  });
  const pidFile = options.pidDir && group.child.pid ? `oneoff-${group.child.pid}` : null;
  if (pidFile && options.pidDir && group.child.pid) writePidFile(options.pidDir, pidFile, group.child.pid);
  const abort = () => void stopGroup(group, 2000);
  options.signal.addEventListener("abort", abort, { once: true });
  if (options.signal.aborted) abort();
  try {
    const exit = await group.exited;
    return { code: exit.code, signal: exit.signal, output };
  } finally {
    options.signal.removeEventListener("abort", abort);
    if (pidFile && options.pidDir) await rm(path.join(options.pidDir, `${pidFile}.pid`), { force: true });
  }
}

/** Like runProgram, but a non-zero exit is a StepFailure carrying the last lines of output. */
export async function runProgramOrFail(
  what: string,
  options: Parameters<typeof runProgram>[0],
): Promise<string[]> {
  const result = await runProgram(options);
  if (options.signal.aborted) throw new StepFailure(`${what} was stopped.`);
  if (result.code !== 0) {
    const tail = result.output.slice(-5).join("\n");
    throw new StepFailure(`${what} failed (exit ${result.code ?? result.signal}).${tail ? `\n${tail}` : ""}`);
  }
  return result.output;
}

/** A minimal environment for platform-side tools: never the platform's own secrets. */
export function toolEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    LANG: "C.UTF-8",
    HOME: process.env.HOME ?? "/tmp",
    ...extra,
  };
}
