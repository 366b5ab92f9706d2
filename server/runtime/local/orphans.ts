import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function writePidFile(pidDir: string, program: string, pid: number): void {
  mkdirSync(pidDir, { recursive: true });
  writeFileSync(path.join(pidDir, `${program.replace(/[^A-Za-z0-9_.-]/g, "_")}.pid`), `${pid}\n`);
}

/** True when pid still runs with INSTANCE_ID=instanceId: never kill a reused pid. */
function belongsTo(pid: number, instanceId: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`INSTANCE_ID=${instanceId}`);
  } catch {
    return false;
  }
}

/**
 * After a crash of the platform, instance processes (own process groups) may still run.
 * Each instance home `<instancesDir>/<id>/run/*.pid` names its groups; those still running
 * as that instance are killed. Returns how many groups were stopped.
 */
export function killOrphanedInstances(instancesDirs: string[]): number {
  let killed = 0;
  for (const instancesDir of instancesDirs) {
    let ids: string[] = [];
    try {
      ids = readdirSync(instancesDir);
    } catch {
      continue;
    }
    for (const id of ids) {
      const runDir = path.join(instancesDir, id, "run");
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
