import "server-only";
import { ensureSystemUser, removeSystemUser, type SystemUser } from "@/server/platform/system-accounts";

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
  return `t30-${tail}`;
}

const known = new Map<string, Promise<SystemUser>>();

/** The app's user, created on first need (useradd is serialised and retried by system-accounts). */
export function ensureAppUser(appId: string): Promise<SystemUser> {
  const name = appUserName(appId);
  let user = known.get(name);
  if (!user) {
    user = ensureSystemUser(name);
    known.set(name, user);
    user.catch(() => known.delete(name));
  }
  return user;
}

export async function removeAppUser(appId: string): Promise<void> {
  const name = appUserName(appId);
  known.delete(name);
  await removeSystemUser(name);
}
