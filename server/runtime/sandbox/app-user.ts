import "server-only";
import { ensureSystemUser, removeSystemUser, type SystemUser } from "@/server/platform/system-accounts";
import { claimMarker, subjectOf, type AppUserOwner } from "./app-user-marker";

/** Every app's (and connection test's) user name starts with this. */
export const APP_USER_PREFIX = "t30-";

/**
 * The Unix user an app's processes run as: `t30-` and the last 12 characters of its id (the
 * random part of a cuid), within the 32 characters useradd allows.
 */
export function appUserName(appId: string): string {
  const tail = appId
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .slice(-12);
  if (!tail) throw new Error(`App id ${JSON.stringify(appId)} gives no user name.`);
  return `${APP_USER_PREFIX}${tail}`;
}

const known = new Map<string, Promise<SystemUser>>();

/**
 * The app's user, created on first need (useradd is serialised and retried by system-accounts).
 * Its comment names the app and this runtime, so a later clean-up knows whose it is.
 */
export function ensureAppUser(appId: string, owner: AppUserOwner): Promise<SystemUser> {
  const name = appUserName(appId);
  const key = `${name} ${owner.runtimeId}`;
  let user = known.get(key);
  if (!user) {
    user = ensureSystemUser(name, (current) => claimMarker(current, subjectOf(appId), owner));
    known.set(key, user);
    user.catch(() => known.delete(key));
  }
  return user;
}

/** Forgets a user this process knew (it was removed, by this process or another). */
export function forgetAppUser(name: string): void {
  for (const key of known.keys()) if (key.startsWith(`${name} `)) known.delete(key);
}

export async function removeAppUser(appId: string): Promise<void> {
  const name = appUserName(appId);
  forgetAppUser(name);
  await removeSystemUser(name);
}
