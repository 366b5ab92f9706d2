import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import {
  backupsDir,
  isBackupName,
  listBackups,
  type BackupFile,
} from "@/server/pipeline/database/backup-store";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { notFound } from "@/server/services/errors";

/** The backups the platform keeps of the app's postgres service, newest first. */
export async function listAppBackups(caller: Caller, appName: string): Promise<BackupFile[]> {
  const app = await findAppRow(getDb(), caller, appName);
  return listBackups(getConfig().dataDir, app.id);
}

/** One kept backup for download; only names the platform made are ever opened. */
export async function openAppBackup(
  caller: Caller,
  appName: string,
  name: string,
): Promise<{ size: number; body: ReadableStream<Uint8Array> }> {
  const app = await findAppRow(getDb(), caller, appName);
  if (!isBackupName(name)) throw notFound("Backup");
  const file = path.join(backupsDir(getConfig().dataDir, app.id), name);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw notFound("Backup");
  return { size: info.size, body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array> };
}
