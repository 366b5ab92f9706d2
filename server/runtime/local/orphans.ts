import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function pidFileName(program: string): string {
  return `${program.replace(/[^A-Za-z0-9_.-]/g, "_")}.pid`;
}

export function writePidFile(pidDir: string, program: string, pid: number): void {
  mkdirSync(pidDir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(pidDir, pidFileName(program)), `${pid}\n`);
}

/**
 * True when pid still runs with INSTANCE_ID=instanceId: never kill a reused pid. For a
 * sandboxed instance the recorded pid is the bwrap on the host side, which carries only that
 * marker; killing its group ends the sandbox (its pid namespace dies with its init).
 */
function belongsTo(pid: number, instanceId: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`INSTANCE_ID=${instanceId}`);
  } catch {
    return false;
  }
}

/** The instance (and job) ids that have pid records under these directories. */
export function recordedInstanceIds(pidsDirs: string[]): string[] {
  return pidsDirs.flatMap((dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  });
}

/**
 * After a crash of the platform, instance processes (own process groups) may still run.
 * Each `<pidsDir>/<instance id>/*.pid` names a group; those still running as that instance
 * are killed. Returns how many groups were stopped.
 */
export function killOrphanedInstances(pidsDirs: string[]): number {
  let killed = 0;
  for (const pidsDir of pidsDirs) {
    let ids: string[] = [];
    try {
      ids = readdirSync(pidsDir);
    } catch {
      continue;
    }
    for (const id of ids) {
      const runDir = path.join(pidsDir, id);
      let files: string[] = [];
      try {
        files = readdirSync(runDir).filter((f) => f.endsWith(".pid"));
      } catch {
        continue;
      }
      for (const file of files) {
        const pid = Number(readFileSync(path.join(runDir, file), "utf8").trim());
        if (!Number.isInteger(pid) || pid <= 1 || !belongsTo(pid, id)) continue;
        try {
          process.kill(-pid, "SIGKILL");
          killed++;
        } catch {
          // Already gone.
        }
      }
    }
  }
  return killed;
}
