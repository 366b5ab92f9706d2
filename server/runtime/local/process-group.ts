import { spawn, type ChildProcess } from "node:child_process";
import { createLineSplitter } from "./line-splitter";

export type SpawnedGroup = {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Spawns argv (never a shell string built by the platform) as the leader of its own process
 * group, so stopping it also stops everything it started.
 */
export function spawnGroup(options: {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  onLine: (stream: "stdout" | "stderr", line: string) => void;
  /** Written to file descriptors 3, 4, … and closed (bwrap copies them into the sandbox). */
  inputs?: string[];
}): SpawnedGroup {
  const [command, ...args] = options.argv;
  if (!command) throw new Error("A process needs a command.");
  // Next's types make NODE_ENV mandatory in ProcessEnv; an app's environment need not have it.
  const env = options.env as NodeJS.ProcessEnv;
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe", ...(options.inputs ?? []).map(() => "pipe" as const)],
  });
  (options.inputs ?? []).forEach((content, index) => {
    const pipe = child.stdio[3 + index];
    if (!pipe || !("write" in pipe)) return;
    // A sandbox that fails before reading its inputs closes the pipe: not an error of ours.
    pipe.on("error", () => undefined);
    pipe.end(content);
  });
  for (const stream of ["stdout", "stderr"] as const) {
    const splitter = createLineSplitter((line) => options.onLine(stream, line));
    child[stream]?.setEncoding("utf8");
    child[stream]?.on("data", (chunk: string) => splitter.push(chunk));
    child[stream]?.on("end", () => splitter.flush());
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("error", () => resolve({ code: 127, signal: null }));
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  return { child, exited };
}

/** Signals the whole group; a group that is already gone is fine. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: nothing left to signal.
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the leader has exited. */
export async function stopGroup(group: SpawnedGroup, graceMs: number): Promise<void> {
  if (group.child.exitCode !== null || group.child.signalCode !== null) {
    signalGroup(group.child, "SIGKILL");
    return;
  }
  signalGroup(group.child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(group.child, "SIGKILL"), graceMs);
  await group.exited;
  clearTimeout(timer);
  // Children that ignored SIGTERM must not outlive their leader.
  signalGroup(group.child, "SIGKILL");
}
