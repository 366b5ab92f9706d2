import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export type SystemUser = { name: string; uid: number; gid: number };

/** The group whose members (the router's nginx workers) may read apps' static and media files. */
export const ROUTER_GROUP = process.env.THIRTY_ROUTER_GROUP ?? "thirty-router";

/** Whether this process can create users and switch to them (the sandbox needs it). */
export function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

// useradd/groupadd take a lock on /etc/passwd and fail at once when another holds it:
// every change goes through one queue in this process, and is retried against other processes.
let queue: Promise<unknown> = Promise.resolve();

function serialised<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Every platform process (test workers, a restarted platform) takes this lock around an account
 * change, so they queue instead of failing on shadow's lock and retrying.
 */
const ACCOUNTS_LOCK = "/run/lock/thirty-accounts.lock";

async function withLockRetry(change: string[]): Promise<void> {
  const argv = ["flock", "--timeout", "60", ACCOUNTS_LOCK, ...change];
  const [command, ...args] = argv as [string, ...string[]];
  for (let attempt = 0; ; attempt++) {
    try {
      await run(command, args);
      return;
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? "");
      if (attempt < 20 && /lock|try again/i.test(stderr)) {
        await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 25));
        continue;
      }
      throw new Error(`${argv.join(" ")} failed: ${stderr.trim() || String(error)}`);
    }
  }
}

async function lookup(name: string): Promise<SystemUser | null> {
  try {
    const { stdout } = await run("getent", ["passwd", name]);
    const [, , uid, gid] = stdout.trim().split(":");
    return { name, uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
}

/** A system group, created when missing (idempotent). */
export function ensureSystemGroup(name: string): Promise<void> {
  return serialised(() => withLockRetry(["groupadd", "--force", "--system", name]));
}

/** A system user with its own group, no home and no login shell; created when missing. */
export function ensureSystemUser(name: string): Promise<SystemUser> {
  return serialised(async () => {
    const existing = await lookup(name);
    if (existing) return existing;
    await withLockRetry([
      "useradd",
      "--system",
      "--no-create-home",
      "--user-group",
      "--shell",
      "/usr/sbin/nologin",
      name,
    ]);
    const created = await lookup(name);
    if (!created) throw new Error(`useradd ${name} did not create the user.`);
    return created;
  });
}

/** Removes a system user and its group; a user that is already gone is fine. */
export function removeSystemUser(name: string): Promise<void> {
  return serialised(async () => {
    if (!(await lookup(name))) return;
    await withLockRetry(["userdel", name]);
    await run("flock", ["--timeout", "60", ACCOUNTS_LOCK, "groupdel", name]).catch(() => undefined);
  });
}
