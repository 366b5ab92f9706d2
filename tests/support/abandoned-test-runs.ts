import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { killRecorded, recordedRuns } from "@/server/runtime/local/run-records";
import { stopLeftoverNginx } from "../faults/leftover-nginx";

/** What names the process that owns a test run's scratch dir. */
const OWNER_FILE = "owner";
export const SCRATCH_PREFIX = "thirty-vitest-";

/** A process's start time in clock ticks since boot: with its pid, it names the process for good. */
async function startTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count from the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** Marks the scratch dir as this process's: a later run may remove it once this process is gone. */
export async function claimScratch(scratch: string): Promise<void> {
  await writeFile(path.join(scratch, OWNER_FILE), `${process.pid} ${await startTime(process.pid)}\n`);
}

async function ownerAlive(scratch: string): Promise<boolean | null> {
  let text: string;
  try {
    text = await readFile(path.join(scratch, OWNER_FILE), "utf8");
  } catch {
    return null;
  }
  const [pid, started] = text.trim().split(" ");
  if (!pid || !started || !/^\d+$/.test(pid)) return null;
  return (await startTime(Number(pid))) === started;
}

/** PostgreSQL's own pid files: a server left running by a killed run still uses the dir. */
async function postgresAlive(scratch: string): Promise<boolean> {
  for (const cluster of ["postgres", "data/apps-postgres"]) {
    try {
      const text = await readFile(path.join(scratch, cluster, "postmaster.pid"), "utf8");
      const pid = Number(text.split("\n")[0]);
      if (Number.isInteger(pid) && pid > 0 && (await startTime(pid)) !== null) return true;
    } catch {
      // No pid file: that server is not running.
    }
  }
  return false;
}

/**
 * Instances (and their routers) outlive a runtime that did not stop them, on purpose: in an
 * interrupted run's data dirs, each is stopped by its pid record before the dir goes.
 */
async function stopLeftInstances(scratch: string): Promise<void> {
  const dataDirs = [scratch, ...(await readdir(scratch)).map((entry) => path.join(scratch, entry))];
  for (const dataDir of dataDirs) {
    const apps = await readdir(path.join(dataDir, "apps")).catch(() => [] as string[]);
    const pidsDirs = apps.map((app) => path.join(dataDir, "apps", app, "pids"));
    for (const [id, runDir] of recordedRuns(pidsDirs)) killRecorded(runDir, id);
    stopLeftoverNginx(dataDir);
  }
}

/**
 * Removes the scratch dirs of test runs that were interrupted (their owning process is gone,
 * and no PostgreSQL of theirs still runs). Dirs without an owner file (runs of older code, or
 * a run just starting) are left alone. Returns how many were removed.
 */
export async function removeAbandonedTestRuns(): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(os.tmpdir())) {
    if (!entry.startsWith(SCRATCH_PREFIX)) continue;
    const scratch = path.join(os.tmpdir(), entry);
    if ((await ownerAlive(scratch)) !== false) continue;
    if (await postgresAlive(scratch)) continue;
    await stopLeftInstances(scratch);
    await rm(scratch, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
