import { readdirSync, readFileSync } from "node:fs";

/** One process of a tree, with its proportional set size (shared pages split among sharers). */
export type TreeProcess = {
  pid: number;
  ppid: number;
  pgid: number;
  depth: number;
  command: string;
  pssKb: number;
};

export function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    // The process exited between listing and reading: it is simply not counted.
    return undefined;
  }
}

/** PSS in kB from /proc/<pid>/smaps_rollup (0 when the process is gone). */
export function pssKb(pid: number): number {
  const match = /^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`) ?? "");
  return match ? Number(match[1]) : 0;
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  // Each thread lists the children it forked: a process's children are the union.
  const children = new Set<number>();
  for (const task of tasks) {
    for (const child of (read(`/proc/${pid}/task/${task}/children`) ?? "").split(" "))
      if (child.trim()) children.add(Number(child));
  }
  return [...children];
}

function processGroup(pid: number): number {
  // The command name may hold spaces and parentheses: fields are read after its last ")".
  const stat = read(`/proc/${pid}/stat`) ?? "";
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[2] ?? 0);
}

function commandOf(pid: number, width: number): string {
  const argv = (read(`/proc/${pid}/cmdline`) ?? "").split("\0").filter(Boolean);
  const command = argv.join(" ") || (read(`/proc/${pid}/comm`) ?? "?").trim();
  return command.length > width ? `${command.slice(0, width - 1)}…` : command;
}

/** The process `root` and all its descendants, depth first, parents before children. */
export function processTree(root: number, commandWidth = 90): TreeProcess[] {
  const found: TreeProcess[] = [];
  const visit = (pid: number, ppid: number, depth: number) => {
    const pss = pssKb(pid);
    if (!read(`/proc/${pid}/stat`)) return;
    found.push({
      pid,
      ppid,
      pgid: processGroup(pid),
      depth,
      command: commandOf(pid, commandWidth),
      pssKb: pss,
    });
    for (const child of childrenOf(pid).sort((a, b) => a - b)) visit(child, pid, depth + 1);
  };
  visit(root, 0, 0);
  return found;
}

export function megabytes(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MB`;
}

/** Prints the processes as an indented tree with their PSS, then their total. */
export function printTree(title: string, processes: TreeProcess[]): number {
  const total = processes.reduce((sum, p) => sum + p.pssKb, 0);
  console.log(`\n${title}`);
  const baseDepth = Math.min(...processes.map((p) => p.depth));
  for (const p of processes) {
    const indent = "  ".repeat(p.depth - baseDepth);
    console.log(`  ${String(p.pid).padStart(7)}  ${megabytes(p.pssKb).padStart(9)}  ${indent}${p.command}`);
  }
  console.log(`  total PSS: ${megabytes(total)} in ${processes.length} processes`);
  return total;
}
