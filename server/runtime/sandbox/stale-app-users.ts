import "server-only";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/server/db/client";
import {
  isRoot,
  listSystemUsers,
  removeSystemUserIfUnchanged,
  type SystemUserEntry,
} from "@/server/platform/system-accounts";
import { APP_USER_PREFIX, forgetAppUser } from "./app-user";
import { parseMarker, probeSandboxId, type AppUserMarker, type AppUserOwner } from "./app-user-marker";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type StaleAppUsersOptions = {
  /** The runtime sweeping, with the database it serves: it may judge its own users by their rows. */
  self?: { owner: AppUserOwner; db: PrismaClient };
  /** Read instead of /proc (tests); the uids some process runs as. */
  uidsInUse?: () => Promise<Set<number>>;
};

export type StaleAppUsersResult = { removed: string[]; kept: number; unmarked: number };

/**
 * Removes the `t30-*` users no runtime needs any more. Several platforms and test runs may share
 * this machine's /etc/passwd, so a user goes only when that is provable: no process runs as it,
 * and every runtime its comment names (app-user-marker.ts) is done with it —
 * - this runtime (`self`), when the app's row is gone from its database and the app's
 *   directories are gone from its data dir (or, for a connection test's user, the test no
 *   longer runs);
 * - another runtime, when its data dir is gone or now belongs to another runtime id.
 * A user without a marker (made before markers existed) is never touched. The removal itself
 * rechecks the comment under the accounts lock, so a runtime claiming the user meanwhile keeps it.
 */
export async function removeStaleAppUsers(options: StaleAppUsersOptions = {}): Promise<StaleAppUsersResult> {
  const result: StaleAppUsersResult = { removed: [], kept: 0, unmarked: 0 };
  if (!isRoot()) return result;
  const users = await listSystemUsers(APP_USER_PREFIX);
  const marked: { user: SystemUserEntry; marker: AppUserMarker }[] = [];
  for (const user of users) {
    const marker = parseMarker(user.comment);
    if (marker) marked.push({ user, marker });
    else result.unmarked++;
  }
  if (marked.length === 0) return result;
  const inUse = await (options.uidsInUse ?? uidsOfRunningProcesses)();
  const selfDone = options.self ? await selfIsDone(options.self, marked) : () => Promise.resolve(false);
  const otherRuntimes = new Map<string, Promise<boolean>>();
  for (const { user, marker } of marked) {
    const done = await everyAsync(marker.owners, (owner) => {
      if (options.self && sameOwner(owner, options.self.owner)) return selfDone(marker);
      const key = `${owner.runtimeId}@${owner.dataDir}`;
      let gone = otherRuntimes.get(key);
      if (!gone) otherRuntimes.set(key, (gone = runtimeIsGone(owner)));
      return gone;
    });
    if (!done || inUse.has(user.uid)) {
      result.kept++;
      continue;
    }
    try {
      if (await removeSystemUserIfUnchanged(user.name, user.comment)) {
        forgetAppUser(user.name);
        result.removed.push(user.name);
      } else result.kept++;
    } catch (error) {
      // userdel refuses a user a process started to run as since the scan: it stays for next time.
      result.kept++;
      console.error(error instanceof Error ? error.message : error);
    }
  }
  return result;
}

function sameOwner(a: AppUserOwner, b: AppUserOwner): boolean {
  return a.runtimeId === b.runtimeId && path.resolve(a.dataDir) === path.resolve(b.dataDir);
}

async function everyAsync<T>(items: T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) if (!(await test(item))) return false;
  return true;
}

/**
 * Whether this runtime is done with a user: reads the rows of every subject at once, then
 * answers per marker.
 */
async function selfIsDone(
  self: NonNullable<StaleAppUsersOptions["self"]>,
  marked: { marker: AppUserMarker }[],
): Promise<(marker: AppUserMarker) => Promise<boolean>> {
  const mine = marked.filter(({ marker }) => marker.owners.some((o) => sameOwner(o, self.owner)));
  const appIds = mine
    .filter(({ marker }) => marker.subject.kind === "app")
    .map(({ marker }) => marker.subject.id);
  const testIds = mine
    .filter(({ marker }) => marker.subject.kind === "probe")
    .map(({ marker }) => marker.subject.id)
    .filter((id) => UUID.test(id));
  const [apps, tests] = await Promise.all([
    appIds.length
      ? self.db.app.findMany({ where: { id: { in: appIds } }, select: { id: true } })
      : Promise.resolve([]),
    testIds.length
      ? self.db.connectionTest.findMany({
          where: { id: { in: testIds }, status: { in: ["queued", "running"] } },
          select: { id: true },
        })
      : Promise.resolve([]),
  ]);
  const liveApps = new Set(apps.map((a) => a.id));
  const runningTests = new Set(tests.map((t) => t.id));
  const dataDir = self.owner.dataDir;
  return async ({ subject }) => {
    if (subject.kind === "probe") {
      if (!UUID.test(subject.id) || runningTests.has(subject.id)) return false;
      // A test's directories are scratch of its sandbox: an interrupted test leaves them behind.
      await rm(path.join(dataDir, "apps", probeSandboxId(subject.id)), { recursive: true, force: true });
      return true;
    }
    if (liveApps.has(subject.id)) return false;
    // An app row gone while its files remain is not a finished deletion (a data dir pointed at
    // another database, say): files owned by a freed uid would pass to the next user given it.
    return (
      !(await exists(path.join(dataDir, "apps", subject.id))) &&
      !(await exists(path.join(dataDir, "repositories", subject.id)))
    );
  };
}

/** A runtime is gone when its data dir is, or the data dir now holds another runtime's id. */
async function runtimeIsGone(owner: AppUserOwner): Promise<boolean> {
  if (!(await exists(owner.dataDir))) return true;
  try {
    const id = (await readFile(path.join(owner.dataDir, "runtime-id"), "utf8")).trim();
    return /^[0-9a-f-]{36}$/.test(id) && id !== owner.runtimeId;
  } catch {
    // No id (yet): a runtime may be starting there.
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Every uid (real, effective, saved or filesystem) some process on this machine runs as. */
export async function uidsOfRunningProcesses(): Promise<Set<number>> {
  const uids = new Set<number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, "utf8");
      const line = /^Uid:\s+(.*)$/m.exec(status)?.[1];
      for (const uid of line?.trim().split(/\s+/) ?? []) uids.add(Number(uid));
    } catch {
      // The process ended while the list was read.
    }
  }
  return uids;
}
