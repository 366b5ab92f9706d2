import "server-only";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmdirSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import type { InstanceUsage, ResourceLimits } from "../driver";

const ROOT = "/sys/fs/cgroup";
const PARENT = "thirty";

export type CgroupMode = "v2" | "v1" | "none";

let detected: CgroupMode | undefined;

function writable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * v2 when the unified hierarchy offers the memory and pids controllers, else the v1 memory,
 * cpu and pids hierarchies when this process may create groups in them, else none (rlimits).
 */
export function cgroupMode(): CgroupMode {
  if (detected) return detected;
  detected = "none";
  try {
    const controllers = readFileSync(path.join(ROOT, "cgroup.controllers"), "utf8").split(/\s+/);
    if (controllers.includes("memory") && controllers.includes("pids") && writable(path.join(ROOT, PARENT))) {
      // Children of our parent group get the controllers only when its subtree enables them.
      writeFileSync(path.join(ROOT, "cgroup.subtree_control"), "+memory +pids +cpu");
      writeFileSync(path.join(ROOT, PARENT, "cgroup.subtree_control"), "+memory +pids +cpu");
      detected = "v2";
      return detected;
    }
  } catch {
    // No usable v2 hierarchy: try v1.
  }
  if (["memory", "pids", "cpu"].every((c) => writable(path.join(ROOT, c, PARENT)))) detected = "v1";
  return detected;
}

/** One group (v2) or one group per controller (v1) holding an instance's or a job's processes. */
export type Cgroup = {
  /** The cgroup.procs files a process writes its pid into to join. */
  procsFiles: string[];
  memoryMb: number;
  /** How many processes the kernel's OOM killer has killed in this group so far. */
  oomKills(): number;
  /** CPU time used by the group so far and the memory it holds now; null when unreadable. */
  usage(): CgroupUsage;
  /** Removes the group; it must hold no process any more (retried briefly while they exit). */
  remove(): Promise<void>;
};

export type CgroupUsage = InstanceUsage;

/** A file holding one number; null when it is missing or holds something else. */
function numberIn(file: string): number | null {
  try {
    const value = Number(readFileSync(file, "utf8").trim());
    return Number.isFinite(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

/**
 * v1 counts CPU time in the cpuacct hierarchy, which the limits do not need: a group is made
 * there too when it is mounted and writable (its own hierarchy, or the same as cpu's).
 */
function cpuacctDir(cpuDir: string, safe: string): string | null {
  const hierarchy = path.join(ROOT, "cpuacct");
  try {
    if (realpathSync(hierarchy) === realpathSync(path.join(ROOT, "cpu"))) return cpuDir;
  } catch {
    return null;
  }
  const dir = path.join(hierarchy, PARENT, safe);
  return writable(dir) ? dir : null;
}

function counter(file: string, name: string): number {
  try {
    const line = readFileSync(file, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(" ")[1]) || 0 : 0;
  } catch {
    return 0;
  }
}

function numberInStat(file: string, name: string): number | null {
  try {
    const line = readFileSync(file, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${name} `));
    const value = line ? Number(line.split(" ")[1]) : Number.NaN;
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

async function removeDirs(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    for (let attempt = 0; attempt < 100 && existsSync(dir); attempt++) {
      try {
        rmdirSync(dir);
      } catch {
        // EBUSY while the last processes are being reaped.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}

/** Names may come from instance ids: only characters a directory name takes safely. */
function groupName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, "_");
}

/** Creates the group with its limits, or returns null when this machine offers no cgroups. */
export function createCgroup(name: string, limits: ResourceLimits): Cgroup | null {
  const mode = cgroupMode();
  const safe = groupName(name);
  const bytes = String(limits.memoryMb * 1024 * 1024);
  if (mode === "v2") {
    const dir = path.join(ROOT, PARENT, safe);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "memory.max"), bytes);
    try {
      writeFileSync(path.join(dir, "memory.swap.max"), "0");
    } catch {
      // No swap controller: nothing to hold back.
    }
    writeFileSync(path.join(dir, "pids.max"), String(limits.pids));
    // cpu.weight is 1..10000 with 100 the default; v1 shares are 1024 by default.
    writeFileSync(
      path.join(dir, "cpu.weight"),
      String(Math.max(1, Math.round((limits.cpuShares * 100) / 1024))),
    );
    return {
      procsFiles: [path.join(dir, "cgroup.procs")],
      memoryMb: limits.memoryMb,
      oomKills: () => counter(path.join(dir, "memory.events"), "oom_kill"),
      usage: () => {
        const usec = numberInStat(path.join(dir, "cpu.stat"), "usage_usec");
        return {
          cpuNanos: usec === null ? null : usec * 1000,
          memoryBytes: numberIn(path.join(dir, "memory.current")),
        };
      },
      remove: () => removeDirs([dir]),
    };
  }
  if (mode === "v1") {
    const memory = path.join(ROOT, "memory", PARENT, safe);
    const pids = path.join(ROOT, "pids", PARENT, safe);
    const cpu = path.join(ROOT, "cpu", PARENT, safe);
    for (const dir of [memory, pids, cpu]) mkdirSync(dir, { recursive: true });
    const cpuacct = cpuacctDir(cpu, safe);
    const groups = [memory, pids, cpu, ...(cpuacct && cpuacct !== cpu ? [cpuacct] : [])];
    writeFileSync(path.join(memory, "memory.limit_in_bytes"), bytes);
    try {
      // Without this the group may swap instead of being held to its limit.
      writeFileSync(path.join(memory, "memory.memsw.limit_in_bytes"), bytes);
    } catch {
      // Kernel without swap accounting.
    }
    writeFileSync(path.join(pids, "pids.max"), String(limits.pids));
    writeFileSync(path.join(cpu, "cpu.shares"), String(limits.cpuShares));
    return {
      procsFiles: groups.map((dir) => path.join(dir, "cgroup.procs")),
      memoryMb: limits.memoryMb,
      oomKills: () => counter(path.join(memory, "memory.oom_control"), "oom_kill"),
      usage: () => ({
        cpuNanos: cpuacct ? numberIn(path.join(cpuacct, "cpuacct.usage")) : null,
        memoryBytes: numberIn(path.join(memory, "memory.usage_in_bytes")),
      }),
      remove: () => removeDirs(groups),
    };
  }
  return null;
}

/**
 * Groups a crashed platform left behind for these instances (or their jobs), removed once
 * their processes are gone (run-records.ts kills them first). The groups of instances in `kept`
 * stay (they were taken over); their jobs' groups go.
 */
export async function removeLeftoverCgroups(
  instanceIds: string[],
  kept: Set<string> = new Set(),
): Promise<void> {
  const mode = cgroupMode();
  if (mode === "none" || instanceIds.length + kept.size === 0) return;
  const parents =
    mode === "v2"
      ? [path.join(ROOT, PARENT)]
      : ["memory", "pids", "cpu", "cpuacct"].map((c) => path.join(ROOT, c, PARENT));
  const names = new Set([...instanceIds, ...kept].map(groupName));
  const keptNames = new Set([...kept].map(groupName));
  for (const parent of parents) {
    let entries: string[] = [];
    try {
      entries = readdirSync(parent);
    } catch {
      continue;
    }
    const stale = entries.filter((entry) => {
      if (entry.startsWith("i-") && keptNames.has(entry.slice(2))) return false;
      const match = /^(i|j)-(.+?)(-[0-9a-f]{6})?$/.exec(entry);
      return match?.[2] !== undefined && (names.has(match[2]) || names.has(entry.slice(2)));
    });
    await removeDirs(stale.map((entry) => path.join(parent, entry)));
  }
}
