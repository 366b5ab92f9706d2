import type { ResourceLimits, SandboxSpec } from "@/server/runtime/driver";
import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { jobLimits } from "@/server/runtime/sandbox/isolation";
import { StepFailure } from "./step-failure";

export type ProgramResult = {
  code: number | null;
  signal: string | null;
  output: string[];
  outOfMemory: boolean;
};

/**
 * Runs a program on the app's behalf (git, hg, python -m venv, pip, hooks, commands) through
 * the runtime driver: in the app's sandbox when given one, as its own process group, so a
 * cancel kills it and everything it started, and only that. Lines go to `onLine` as they come.
 */
export async function runProgram(options: {
  runtime: PlatformRuntime;
  appId: string;
  /** The instance whose context this runs in (its pid directory, its log lines). */
  jobId?: string;
  program?: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  sandbox?: SandboxSpec;
  limits?: ResourceLimits;
  signal: AbortSignal;
  onLine?: (line: string) => void;
  keepOutput?: number;
}): Promise<ProgramResult> {
  const output: string[] = [];
  const keep = options.keepOutput ?? 200;
  const result = await options.runtime.runJob(
    {
      jobId: options.jobId,
      appId: options.appId,
      program: options.program ?? "job",
      argv: options.argv,
      cwd: options.cwd,
      env: options.env,
      sandbox: options.sandbox,
      limits: options.limits,
    },
    {
      signal: options.signal,
      onLine: (_stream, line) => {
        output.push(line);
        if (output.length > keep) output.shift();
        options.onLine?.(line);
      },
    },
  );
  return { code: result.exitCode, signal: result.signal, output, outOfMemory: result.outOfMemory };
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
    const memory = result.outOfMemory
      ? ` It ran out of memory (limit ${(options.limits ?? jobLimits()).memoryMb} MB).`
      : "";
    throw new StepFailure(
      `${what} failed (exit ${result.code ?? result.signal}).${memory}${tail ? `\n${tail}` : ""}`,
    );
  }
  return result.output;
}

/** A minimal environment for tools run for the app: never the platform's own secrets. */
export function toolEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    LANG: "C.UTF-8",
    HOME: "/tmp",
    ...extra,
  };
}
