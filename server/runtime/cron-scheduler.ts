import { constants } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { Cron } from "croner";

export type CronEntry = { schedule: string; command: string; line: number };
/** ownerUid: the app's user, who must own the crontab (a sandboxed instance wrote it). */
export type CronTarget = { id: string; home: string; ownerUid?: number };

/**
 * The platform reads the instance's crontab as root: not through a link, and only a file the
 * app's own user owns, so a conf/ replaced by a link to /etc cannot make it quote a host file.
 */
async function readCrontab(target: CronTarget): Promise<string | null> {
  const file = path.join(target.home, "conf", "crontab");
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    () => null,
  );
  if (!handle) return null;
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || (target.ownerUid !== undefined && stat.uid !== target.ownerUid)) return null;
    if (stat.size > 64 * 1024) return null;
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Parses a crontab: `m h dom mon dow command` (a leading seconds field is accepted too),
 * `@hourly`-style shortcuts, `NAME=value` lines (exported to the jobs), comments.
 */
export function parseCrontab(text: string): {
  entries: CronEntry[];
  env: Record<string, string>;
  problems: string[];
} {
  const entries: CronEntry[] = [];
  const env: Record<string, string> = {};
  const problems: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (assignment?.[1]) {
      env[assignment[1]] = (assignment[2] ?? "").replace(/^(["'])(.*)\1$/, "$2");
      return;
    }
    const fields = line.split(/\s+/);
    const shortcut = fields[0]?.startsWith("@");
    const count = shortcut ? 1 : fields.length > 6 && isScheduleField(fields[5]) ? 6 : 5;
    const schedule = fields.slice(0, count).join(" ");
    const command = fields.slice(count).join(" ");
    if (!command || fields[0] === "@reboot" || !validSchedule(schedule)) {
      problems.push(`crontab line ${index + 1} is not "minute hour day month weekday command": ${line}`);
      return;
    }
    entries.push({ schedule, command, line: index + 1 });
  });
  return { entries, env, problems };
}

function isScheduleField(field: string | undefined): boolean {
  return !!field && /^[\d*/,\-A-Za-z?LW#]+$/.test(field) && !/^[a-z]{4,}/.test(field);
}

function validSchedule(schedule: string): boolean {
  try {
    new Cron(schedule, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the jobs instances registered with the `crontab` shim (their conf/crontab), in the
 * instance's context. Jobs of an instance end when it stops; a job never overlaps itself.
 */
export class CronScheduler {
  private readonly jobs = new Map<string, Cron[]>();

  constructor(
    private readonly run: (target: CronTarget, command: string, env: Record<string, string>) => Promise<void>,
    private readonly report: (target: CronTarget, message: string) => void,
  ) {}

  async load(targets: CronTarget[]): Promise<void> {
    for (const target of targets) {
      this.forget(target.id);
      const text = await readCrontab(target);
      if (text === null) continue;
      const { entries, env, problems } = parseCrontab(text);
      for (const problem of problems) this.report(target, problem);
      this.jobs.set(
        target.id,
        entries.map(
          (entry) => new Cron(entry.schedule, { protect: true }, () => this.run(target, entry.command, env)),
        ),
      );
      if (entries.length)
        this.report(target, `${entries.length} cron job${entries.length === 1 ? "" : "s"} scheduled.`);
    }
  }

  forget(targetId: string): void {
    for (const job of this.jobs.get(targetId) ?? []) job.stop();
    this.jobs.delete(targetId);
  }

  stopAll(): void {
    for (const id of [...this.jobs.keys()]) this.forget(id);
  }
}
