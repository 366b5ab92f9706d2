import { readFile } from "node:fs/promises";
import path from "node:path";
import { processExists as alive } from "../platform/process-exists";

export type LeftoverPostmaster = { pid: number; port: number };

/**
 * The server a platform process that was killed left running on this cluster, if any: its
 * postmaster.pid names a live postgres serving this very directory (PostgreSQL would refuse
 * to start a second one on it).
 */
export async function findLeftoverPostmaster(clusterDir: string): Promise<LeftoverPostmaster | null> {
  const record = await readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => "");
  // Lines: pid, data directory, start time, port, socket directory, listen address, …
  const [pidLine, dirLine, , portLine] = record.split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || pid <= 1 || !Number.isInteger(port) || port <= 0) return null;
  if (path.resolve(dirLine ?? "") !== path.resolve(clusterDir) || !alive(pid)) return null;
  const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  const [program] = command.split("\0");
  if (!program || path.basename(program) !== "postgres") return null;
  return { pid, port };
}

/** Fast shutdown (SIGINT) of a postmaster that is not our child; resolves once it has exited. */
export async function stopPostmaster(pid: number, timeoutMs = 60_000): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    // Immediate shutdown: the cluster recovers from its WAL at the next start.
    if (Date.now() > deadline) process.kill(pid, "SIGQUIT");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
