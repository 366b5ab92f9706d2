import "server-only";
import { execFile } from "node:child_process";
import { chmod, chown, lchown, lstat, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { ensureSystemGroup, ROUTER_GROUP, type SystemUser } from "@/server/platform/system-accounts";

const run = promisify(execFile);

let routerGid: Promise<number> | undefined;

/** The group of the router's workers (created when missing): it may read static files, media and sockets. */
export function routerGroupId(): Promise<number> {
  routerGid ??= (async () => {
    await ensureSystemGroup(ROUTER_GROUP);
    const { stdout } = await run("getent", ["group", ROUTER_GROUP]);
    const gid = Number(stdout.split(":")[2]);
    if (!Number.isInteger(gid)) throw new Error(`getent group ${ROUTER_GROUP} gave no gid.`);
    return gid;
  })();
  routerGid.catch(() => (routerGid = undefined));
  return routerGid;
}

/**
 * A directory with exactly this owner and mode. Refuses a symlink in its place: these paths
 * are bound into sandboxes by root, and a planted link would bind some other host directory.
 */
export async function ownedDirectory(dir: string, uid: number, gid: number, mode: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const stat = await lstat(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory.`);
  await chown(dir, uid, gid);
  // chmod after chown: chown clears the setgid bit.
  await chmod(dir, mode);
}

/** Data dir and the roots of per-app trees: others may pass through, never list. */
export async function prepareDataDir(dataDir: string): Promise<void> {
  await ownedDirectory(dataDir, 0, 0, 0o711);
  await ownedDirectory(path.join(dataDir, "apps"), 0, 0, 0o711);
  await ownedDirectory(path.join(dataDir, "repositories"), 0, 0, 0o711);
}

export type AppDirectoryPaths = {
  appDir: string;
  repositoryCache: string;
  releasesDir: string;
  virtualenvsDir: string;
  instancesDir: string;
  mediaDir: string;
  socketsDir: string;
  pidsDir: string;
};

/**
 * One app's tree. Parents of anything bound into a sandbox are root's, so the app cannot swap
 * a bound directory for a link between two runs. Only the router group may enter the app dir
 * (static files, media, sockets); no other app's user can.
 */
export async function prepareAppDirectories(paths: AppDirectoryPaths, user: SystemUser): Promise<void> {
  const router = await routerGroupId();
  await prepareDataDir(path.dirname(path.dirname(paths.appDir)));
  await ownedDirectory(paths.appDir, 0, router, 0o750);
  await ownedDirectory(paths.releasesDir, 0, router, 0o750);
  await ownedDirectory(paths.virtualenvsDir, 0, 0, 0o700);
  await ownedDirectory(paths.instancesDir, 0, 0, 0o700);
  await ownedDirectory(paths.pidsDir, 0, 0, 0o700);
  // setgid: files the app creates there belong to the router group, which serves them.
  await ownedDirectory(paths.mediaDir, user.uid, router, 0o2750);
  await ownedDirectory(paths.socketsDir, user.uid, router, 0o2750);
  // A cache cloned by root before the sandbox existed becomes the app user's, or its git fails.
  const cacheOwner = await lstat(paths.repositoryCache).then(
    (stat) => stat.uid,
    () => user.uid,
  );
  if (cacheOwner !== user.uid) await chownTree(paths.repositoryCache, user);
  await ownedDirectory(paths.repositoryCache, user.uid, user.gid, 0o700);
}

/** releases/<n> (root's) and its src, which the app's export job fills as the app's user. */
export async function prepareReleaseDirectory(directory: string, user: SystemUser): Promise<void> {
  const router = await routerGroupId();
  await ownedDirectory(directory, 0, router, 0o750);
  await ownedDirectory(path.join(directory, "src"), user.uid, router, 0o750);
}

/** Hands a tree the platform just wrote (an instance home) to the app's user; links are not followed. */
export async function chownTree(dir: string, user: SystemUser): Promise<void> {
  await lchown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(child, user);
    else await lchown(child, user.uid, user.gid);
  }
}
