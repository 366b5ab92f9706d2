import { chmod, chown, lstat, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

/** How many backups the platform keeps per app (the oldest go first). */
export function keptBackups(): number {
  const wanted = Number(process.env.THIRTY_KEEP_BACKUPS);
  return Number.isInteger(wanted) && wanted > 0 ? wanted : 5;
}

const NAME = /^\d{8}T\d{6}Z-[0-9a-f]{8}\.dump$/;

/** Root's directory of an app's backups: out of every sandbox's reach. */
export function backupsDir(dataDir: string, appId: string): string {
  return path.join(dataDir, "backups", appId);
}

export function isBackupName(name: string): boolean {
  return NAME.test(name);
}

export function backupName(actionId: string, at = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${actionId.replace(/-/g, "").slice(0, 8)}.dump`;
}

export type BackupFile = { name: string; size: number; created: Date };

export async function listBackups(dataDir: string, appId: string): Promise<BackupFile[]> {
  const dir = backupsDir(dataDir, appId);
  const names = (await readdir(dir).catch(() => [] as string[])).filter(isBackupName).sort().reverse();
  const files: BackupFile[] = [];
  for (const name of names) {
    const info = await stat(path.join(dir, name)).catch(() => null);
    if (info) files.push({ name, size: info.size, created: info.mtime });
  }
  return files;
}

/** Moves a finished dump into the app's backups and drops the oldest beyond the limit. */
export async function keepBackup(dataDir: string, appId: string, file: string, name: string): Promise<void> {
  const dir = backupsDir(dataDir, appId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, name);
  // Written by the app's user in its scratch dir: taken over only as a plain file.
  if (!(await lstat(file)).isFile()) throw new Error("pg_dump left no dump file.");
  await rename(file, target);
  if (process.getuid?.() === 0) await chown(target, 0, 0);
  await chmod(target, 0o600);
  const all = await listBackups(dataDir, appId);
  for (const old of all.slice(keptBackups())) await rm(path.join(dir, old.name), { force: true });
}
