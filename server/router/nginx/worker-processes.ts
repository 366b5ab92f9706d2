import "server-only";
import { readdir, readFile } from "node:fs/promises";

export type WorkerProcess = { pid: number; shuttingDown: boolean };

/**
 * The children of an nginx master, read from /proc (this kernel has no task/children file).
 * A worker that received the graceful-shutdown signal renames itself "worker process is
 * shutting down" right before it closes its listening sockets: from then on it takes no new
 * connection, which is how a reload is known to have taken effect.
 */
export async function workerProcesses(masterPid: number): Promise<WorkerProcess[]> {
  const entries = await readdir("/proc").catch(() => [] as string[]);
  const found: WorkerProcess[] = [];
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry)) return;
      const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
      // Fields after the command name, which is in parentheses and may contain spaces.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) !== masterPid) return;
      const title = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
      found.push({ pid: Number(entry), shuttingDown: title.includes("shutting down") });
    }),
  );
  return found;
}

export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by the master) no longer serves anything.
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}
