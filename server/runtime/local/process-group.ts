import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createLineSplitter } from "./line-splitter";

export type GroupExit = { code: number | null; signal: NodeJS.Signals | null };

/** A process group led by `pid`: one this process spawned, or one it took over after a crash. */
export type SpawnedGroup = {
  pid: number | undefined;
  exited: Promise<GroupExit>;
  /** True once the leader has exited. */
  hasExited: () => boolean;
};

/** Where a group's output goes: pipes read here, or files that outlive this process. */
export type GroupOutput =
  | { kind: "pipes"; onLine: (stream: "stdout" | "stderr", line: string) => void }
  | { kind: "files"; stdout: number; stderr: number };

/**
 * Spawns argv (never a shell string built by the platform) as the leader of its own process
 * group, so stopping it also stops everything it started.
 */
export function spawnGroup(options: {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  output: GroupOutput;
  /** Written to file descriptors 3, 4, … and closed (bwrap copies them into the sandbox). */
  inputs?: string[];
}): SpawnedGroup {
  const [command, ...args] = options.argv;
  if (!command) throw new Error("A process needs a command.");
  const { output } = options;
  // Next's types make NODE_ENV mandatory in ProcessEnv; an app's environment need not have it.
  const env = options.env as NodeJS.ProcessEnv;
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: [
      "ignore",
      output.kind === "files" ? output.stdout : "pipe",
      output.kind === "files" ? output.stderr : "pipe",
      ...(options.inputs ?? []).map(() => "pipe" as const),
    ],
  });
  (options.inputs ?? []).forEach((content, index) => {
    const pipe = child.stdio[3 + index];
    if (!pipe || !("write" in pipe)) return;
    // A sandbox that fails before reading its inputs closes the pipe: not an error of ours.
    pipe.on("error", () => undefined);
    pipe.end(content);
  });
  if (output.kind === "pipes")
    for (const stream of ["stdout", "stderr"] as const) {
      const splitter = createLineSplitter((line) => output.onLine(stream, line));
      child[stream]?.setEncoding("utf8");
      child[stream]?.on("data", (chunk: string) => splitter.push(chunk));
      child[stream]?.on("end", () => splitter.flush());
    }
  const exited = new Promise<GroupExit>((resolve) => {
    child.on("error", () => resolve({ code: 127, signal: null }));
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  return {
    pid: child.pid,
    exited,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
  };
}

/** True while `pid` runs (a zombie has ended) and still carries `marker` in its environment. */
export function runsAs(pid: number, marker: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return false;
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(marker);
  } catch {
    return false;
  }
}

/** How often a group that is not our child is looked at: its exit is seen only by looking. */
const ADOPTED_POLL_MS = 500;

/**
 * A group a crashed platform process left running, led by `pid` with `marker` in its
 * environment. It is not our child: its exit (code unknown) is noticed by polling /proc.
 */
export function adoptGroup(pid: number, marker: string): SpawnedGroup {
  let done = false;
  const exited = new Promise<GroupExit>((resolve) => {
    const look = () => {
      if (runsAs(pid, marker)) return void setTimeout(look, ADOPTED_POLL_MS).unref();
      done = true;
      resolve({ code: null, signal: null });
    };
    look();
  });
  return { pid, exited, hasExited: () => done };
}

/** Signals the whole group; a group that is already gone is fine. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left to signal.
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the leader has exited. */
export async function stopGroup(group: SpawnedGroup, graceMs: number): Promise<void> {
  if (group.hasExited()) {
    signalGroup(group.pid, "SIGKILL");
    return;
  }
  signalGroup(group.pid, "SIGTERM");
  const timer = setTimeout(() => signalGroup(group.pid, "SIGKILL"), graceMs);
  await group.exited;
  clearTimeout(timer);
  // Children that ignored SIGTERM must not outlive their leader.
  signalGroup(group.pid, "SIGKILL");
}
