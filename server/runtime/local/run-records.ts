import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { InstanceSpec } from "../driver";
import { runsAs } from "./process-group";

// What a runtime records about each run (instance or job) in its pid directory, root's and out
// of the tenant's reach: process ids, an instance's spec and its output files. The next
// runtime on the data dir reads them to take instances over or stop what is left.

/** What an instance's pid directory records about it, read back by the next platform process. */
const SPEC_FILE = "instance.json";

export function pidFileName(program: string): string {
  return `${program.replace(/[^A-Za-z0-9_.-]/g, "_")}.pid`;
}

/** Where a program's output files go: `<prefix>.out` and `<prefix>.err`. */
export function outputPrefix(pidDir: string, program: string): string {
  return path.join(pidDir, pidFileName(program).replace(/\.pid$/, ""));
}

export function writePidFile(pidDir: string, program: string, pid: number): void {
  mkdirSync(pidDir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(pidDir, pidFileName(program)), `${pid}\n`);
}

/** The spec an instance was started with (environment included: the directory is root's, 0700). */
export function writeInstanceRecord(pidDir: string, spec: InstanceSpec): void {
  mkdirSync(pidDir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(pidDir, SPEC_FILE), JSON.stringify(spec), { mode: 0o600 });
}

export function readInstanceRecord(pidDir: string): InstanceSpec | null {
  try {
    const spec = JSON.parse(readFileSync(path.join(pidDir, SPEC_FILE), "utf8")) as InstanceSpec;
    return typeof spec.instanceId === "string" && Array.isArray(spec.processes) ? spec : null;
  } catch {
    return null;
  }
}

export function markerOf(instanceId: string): string {
  return `INSTANCE_ID=${instanceId}`;
}

/** The pid recorded in `<pidDir>/<file>`, or null. */
export function recordedPid(pidDir: string, file: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(pidDir, file), "utf8").trim());
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

/** Each recorded run (instance or job) under these pid directories: [id, its directory]. */
export function recordedRuns(pidsDirs: string[]): [string, string][] {
  return pidsDirs.flatMap((dir) => {
    try {
      return readdirSync(dir).map((id): [string, string] => [id, path.join(dir, id)]);
    } catch {
      return [];
    }
  });
}

/**
 * Kills the groups recorded in a run's directory that still run as that run (never a reused
 * pid), except the files named in `keep`. For a sandboxed instance the recorded pid is the
 * bwrap on the host side, which carries only the marker; killing its group ends the sandbox
 * (its pid namespace dies with its init). Returns how many groups were stopped.
 */
export function killRecorded(runDir: string, id: string, keep: Set<string> = new Set()): number {
  let files: string[] = [];
  try {
    files = readdirSync(runDir).filter((f) => f.endsWith(".pid") && !keep.has(f));
  } catch {
    return 0;
  }
  let killed = 0;
  for (const file of files) {
    const pid = recordedPid(runDir, file);
    if (pid === null || !runsAs(pid, markerOf(id))) continue;
    try {
      process.kill(-pid, "SIGKILL");
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}
