import { chmod, mkdir, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Where dumps uploaded for a restore wait: root's directory per app in the platform's data dir
 * (THIRTY_DATA_DIR, which web processes and the worker share on one machine), like the
 * backups: no sandbox binds it. The restore action moves the file into its own scratch
 * directory, which it hands to the app's user.
 */
export function uploadsDir(dataDir: string, appId: string): string {
  return path.join(dataDir, "uploads", appId);
}

/** The finished upload. Ids are UUIDs the platform made, never names a client chose. */
export function uploadFile(dataDir: string, appId: string, uploadId: string): string {
  return path.join(uploadsDir(dataDir, appId), `${uploadId}.dump`);
}

/** The upload while its bytes arrive: renamed to uploadFile only once complete and checked. */
export function partialUploadFile(dataDir: string, appId: string, uploadId: string): string {
  return path.join(uploadsDir(dataDir, appId), `${uploadId}.part`);
}

export async function ensureUploadsDir(dataDir: string, appId: string): Promise<string> {
  await mkdir(path.join(dataDir, "uploads"), { recursive: true, mode: 0o700 });
  const dir = uploadsDir(dataDir, appId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask, and an older directory may have been made looser.
  await chmod(dir, 0o700);
  return dir;
}

/** Removes both forms of one upload's file (nothing happens when neither exists). */
export async function removeUploadFiles(dataDir: string, appId: string, uploadId: string): Promise<void> {
  await rm(uploadFile(dataDir, appId, uploadId), { force: true });
  await rm(partialUploadFile(dataDir, appId, uploadId), { force: true });
}

/** An app's uploads, all of them (its deletion). */
export async function removeAppUploads(dataDir: string, appId: string): Promise<void> {
  await rm(uploadsDir(dataDir, appId), { recursive: true, force: true });
}
