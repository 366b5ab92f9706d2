import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export type SystemUser = { name: string; uid: number; gid: number };

/** A passwd entry as `getent passwd` lists it, with its comment (GECOS) field. */
export type SystemUserEntry = SystemUser & { comment: string };

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

function parseEntry(line: string): SystemUserEntry | null {
  const [name, , uid, gid, comment] = line.split(":");
  if (!name || !Number.isInteger(Number(uid)) || !Number.isInteger(Number(gid))) return null;
  return { name, uid: Number(uid), gid: Number(gid), comment: comment ?? "" };
}

async function lookup(name: string): Promise<SystemUserEntry | null> {
  try {
    const { stdout } = await run("getent", ["passwd", name]);
    return parseEntry(stdout.trim());
  } catch {
    return null;
  }
}

/** Every user whose name starts with `prefix`. */
export async function listSystemUsers(prefix: string): Promise<SystemUserEntry[]> {
  const { stdout } = await run("getent", ["passwd"], { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .map(parseEntry)
    .filter((entry): entry is SystemUserEntry => entry !== null);
}

/** A system group, created when missing (idempotent). */
export function ensureSystemGroup(name: string): Promise<void> {
  return serialised(() => withLockRetry(["groupadd", "--force", "--system", name]));
}

/** A comment field useradd and usermod accept: no field separator, no line break. */
function safeComment(comment: string): string {
  if (/[:\n\r]/.test(comment)) throw new Error(`A user's comment may not hold ":" or a line break.`);
  return comment;
}

/**
 * A system user with its own group, no home and no login shell; created when missing. `comment`
 * gives its comment field from the current one ("" for a new user): an existing user whose
 * comment should change is updated, so a marker of who uses it can grow.
 */
export function ensureSystemUser(
  name: string,
  comment: (current: string) => string = (current) => current,
): Promise<SystemUser> {
  return serialised(async () => {
    // Another process may remove the user between the look-up and the change: look again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await lookup(name);
      if (existing) {
        const wanted = safeComment(comment(existing.comment));
        if (wanted === existing.comment) return existing;
        try {
          await withLockRetry(["usermod", "--comment", wanted, name]);
        } catch (error) {
          if (await lookup(name)) throw error;
          continue;
        }
        return existing;
      }
      try {
        await withLockRetry([
          "useradd",
          "--system",
          "--no-create-home",
          "--user-group",
          "--shell",
          "/usr/sbin/nologin",
          "--comment",
          safeComment(comment("")),
          name,
        ]);
      } catch (error) {
        // Created by another process in between: take the existing one on the next pass.
        if (!(await lookup(name))) throw error;
        continue;
      }
      const created = await lookup(name);
      if (created) return created;
    }
    throw new Error(`useradd ${name} did not leave the user in place.`);
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

/**
 * Removes the user (and its group) only if its comment is still exactly `comment`, checked under
 * the accounts lock: a process that claimed the user meanwhile (its comment then names that
 * process too) keeps it. Returns whether it was removed.
 */
export function removeSystemUserIfUnchanged(name: string, comment: string): Promise<boolean> {
  return serialised(async () => {
    // The check and the removal under one lock; the name and comment are arguments, not script.
    const script = [
      'current=$(getent passwd "$1" | cut -d: -f5) || exit 3',
      '[ "$current" = "$2" ] || exit 3',
      'userdel "$1" || exit $?',
      'groupdel "$1" 2>/dev/null',
      "exit 0",
    ].join("\n");
    try {
      await run("flock", ["--timeout", "60", ACCOUNTS_LOCK, "sh", "-c", script, "sh", name, comment]);
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 3) return false;
      throw new Error(
        `Removing user ${name} failed: ${String((error as { stderr?: string }).stderr ?? error)}`,
      );
    }
  });
}
