import { readdirSync, readFileSync } from "node:fs";

export type ProcessTreeUsage = { cpuNanos: number; memoryBytes: number };

/** Linux reports CPU times in USER_HZ ticks, 100 a second on every architecture it runs on. */
const NANOS_PER_TICK = 1e9 / 100;

type ProcStat = { pid: number; ppid: number; ticks: number };

/** /proc/<pid>/stat: the command name may hold spaces and parentheses, so split after the last ")". */
function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    const ppid = Number(fields[1]);
    // Children already reaped count in their parent's cutime/cstime: a gunicorn worker that was
    // replaced keeps its CPU time in the tree.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + (Number(fields[i]) || 0), 0);
    return Number.isInteger(ppid) ? { pid, ppid, ticks } : null;
  } catch {
    return null;
  }
}

function residentBytes(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith("VmRSS:"));
    const kb = line ? Number(/(\d+)/.exec(line)?.[1]) : 0;
    return Number.isFinite(kb) ? kb * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time and resident memory of each group of process trees, read from /proc in one pass
 * over the process table: for instances without a cgroup to read (no root, or no cgroups).
 * Resident memory adds up pages shared between processes (gunicorn's forked workers), so it
 * overstates what the tree holds; CPU time is exact.
 */
export function processTreeUsage(roots: Map<string, number[]>): Map<string, ProcessTreeUsage> {
  const result = new Map<string, ProcessTreeUsage>();
  if (roots.size === 0) return result;
  const stats = new Map<number, ProcStat>();
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return result;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    stats.set(stat.pid, stat);
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(stat.pid);
    children.set(stat.ppid, siblings);
  }
  for (const [key, pids] of roots) {
    let ticks = 0;
    let memoryBytes = 0;
    const queue = pids.filter((pid) => stats.has(pid));
    const seen = new Set<number>();
    while (queue.length > 0) {
      const pid = queue.pop();
      if (pid === undefined) break;
      if (seen.has(pid)) continue;
      seen.add(pid);
      ticks += stats.get(pid)?.ticks ?? 0;
      memoryBytes += residentBytes(pid);
      queue.push(...(children.get(pid) ?? []));
    }
    result.set(key, { cpuNanos: ticks * NANOS_PER_TICK, memoryBytes });
  }
  return result;
}
