import { randomUUID } from "node:crypto";
import { open, rename, type FileHandle } from "node:fs/promises";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { maxUploadBytes } from "@/server/edge/upload-limit";
import {
  ensureUploadsDir,
  partialUploadFile,
  removeUploadFiles,
  uploadFile,
} from "@/server/pipeline/database/upload-store";
import { cancelJob, scheduleJob } from "@/server/queue/action-queue";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { AppError, notFound } from "@/server/services/errors";
import { DUMP_MAGIC, isDumpHead, mayBeginDump } from "./dump-file-rule";
import { interruptedUploadError, notADumpError, UploadTooLargeError } from "./upload-errors";
import {
  UPLOAD_EXPIRY_TASK,
  UPLOAD_HEARTBEAT_MS,
  UPLOAD_STALE_MS,
  uploadExpiryJobKey,
  keptUploadsPerAccount,
  uploadsPerAccount,
  uploadTtlMs,
} from "./upload-settings";

/** A client that sends nothing for this long is gone: its upload ends and frees its slot. */
const IDLE_MS = 60_000;

export type ReceivedUpload = { id: string; sizeBytes: number; expiresAt: Date };

/** Takes one of the account's upload slots by recording the upload `receiving`. */
async function startUpload(caller: Caller, appId: string, id: string): Promise<void> {
  const limit = uploadsPerAccount();
  await getDb().$transaction(async (tx) => {
    // Two uploads starting at once for one account count one after the other.
    await tx.$executeRaw`select 1 from "Account" where id = ${caller.accountId} for update`;
    const busy = await tx.databaseUpload.count({
      where: {
        accountId: caller.accountId,
        status: "receiving",
        updatedAt: { gt: new Date(Date.now() - UPLOAD_STALE_MS) },
      },
    });
    if (busy >= limit)
      throw new AppError(
        "RATE_LIMITED",
        `This account already has ${busy} upload${busy === 1 ? "" : "s"} in progress (at most ${limit} at once): wait for one to finish, then try again.`,
      );
    // Finished dumps stay on disk until restored or expired: without a bound, an account could
    // fill the data dir by uploading again and again.
    const kept = await tx.databaseUpload.count({
      where: { accountId: caller.accountId, status: { in: ["ready", "claimed"] } },
    });
    const keep = keptUploadsPerAccount();
    if (kept >= keep)
      throw new AppError(
        "RATE_LIMITED",
        `This account already keeps ${kept} uploaded dump${kept === 1 ? "" : "s"} waiting for a restore (at most ${keep}): restore one, or wait until it expires, then upload again.`,
      );
    await tx.databaseUpload.create({
      data: { id, accountId: caller.accountId, appId, expiresAt: new Date(Date.now() + uploadTtlMs()) },
    });
  });
}

/** The next chunk, or the end; a stalled client ends the upload instead of holding it. */
async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(interruptedUploadError()), IDLE_MS);
  });
  try {
    // A read fails when the client went away mid-body (a closed tab, a lost connection).
    const read = reader.read().catch(() => {
      throw interruptedUploadError();
    });
    return await Promise.race([read, idle]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Streams the body into `file` chunk by chunk (each written before the next is read, so the
 * heap holds one chunk whatever the size). Refuses a body whose first bytes are not pg_dump's
 * custom-format magic as soon as they arrive, and one past the cap as soon as it passes it.
 */
async function writeBody(
  body: ReadableStream<Uint8Array>,
  handle: FileHandle,
  onProgress: (received: number) => Promise<void>,
): Promise<number> {
  const limit = maxUploadBytes();
  const reader = body.getReader();
  let received = 0;
  let head = Buffer.alloc(0);
  let lastTouch = Date.now();
  try {
    for (;;) {
      const { done, value } = await readChunk(reader);
      if (done) break;
      received += value.byteLength;
      if (received > limit) throw new UploadTooLargeError();
      if (head.length < DUMP_MAGIC.length) {
        head = Buffer.concat([head, value.subarray(0, DUMP_MAGIC.length - head.length)]);
        if (!mayBeginDump(head.toString("latin1"))) throw notADumpError();
      }
      await handle.write(value);
      if (Date.now() - lastTouch >= UPLOAD_HEARTBEAT_MS) {
        lastTouch = Date.now();
        await onProgress(received);
      }
    }
  } catch (error) {
    // Whatever is still on its way is not read: the transport closes the connection.
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  if (!isDumpHead(head.toString("latin1"))) throw notADumpError();
  return received;
}

/**
 * Receives a dump for a restore of the caller's app's postgres database: into root's uploads
 * directory of that app (a `.part` file renamed once whole), recorded for that app alone. Any
 * failure — too large, not a dump, the client gone — leaves neither file nor record.
 */
export async function receiveDatabaseUpload(options: {
  caller: Caller;
  appName: string;
  body: ReadableStream<Uint8Array> | null;
  /** Content-Length as sent, when sent: fewer bytes than that is an interrupted upload. */
  declaredLength: number | null;
}): Promise<ReceivedUpload> {
  const db = getDb();
  const app = await findAppRow(db, options.caller, options.appName);
  const service = await db.databaseService.findUnique({
    where: { appId_label: { appId: app.id, label: "postgres" } },
  });
  if (!service) throw notFound("Service");
  if (options.declaredLength !== null && options.declaredLength > maxUploadBytes())
    throw new UploadTooLargeError();
  if (!options.body) throw notADumpError();

  const id = randomUUID();
  const dataDir = getConfig().dataDir;
  await startUpload(options.caller, app.id, id);
  let handle: FileHandle | undefined;
  try {
    // Scheduled first: should this process die mid-upload, the worker still removes the part.
    await scheduleJob(
      UPLOAD_EXPIRY_TASK,
      { uploadId: id, appId: app.id },
      { runAt: new Date(Date.now() + uploadTtlMs()), jobKey: uploadExpiryJobKey(id) },
    );
    await ensureUploadsDir(dataDir, app.id);
    const part = partialUploadFile(dataDir, app.id, id);
    // "wx": a fresh file or nothing; 0600 and root's (the web process's user), like the backups.
    handle = await open(part, "wx", 0o600);
    const sizeBytes = await writeBody(options.body, handle, async (received) => {
      await db.databaseUpload.update({ where: { id }, data: { sizeBytes: BigInt(received) } });
    });
    if (options.declaredLength !== null && sizeBytes !== options.declaredLength)
      throw interruptedUploadError();
    await handle.close();
    handle = undefined;
    await rename(part, uploadFile(dataDir, app.id, id));
    const expiresAt = new Date(Date.now() + uploadTtlMs());
    await db.databaseUpload.update({
      where: { id },
      data: { status: "ready", sizeBytes: BigInt(sizeBytes), expiresAt },
    });
    await scheduleJob(
      UPLOAD_EXPIRY_TASK,
      { uploadId: id, appId: app.id },
      { runAt: expiresAt, jobKey: uploadExpiryJobKey(id) },
    );
    return { id, sizeBytes, expiresAt };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await removeUploadFiles(dataDir, app.id, id);
    await db.databaseUpload.deleteMany({ where: { id } });
    await cancelJob(uploadExpiryJobKey(id)).catch(() => undefined);
    throw error;
  }
}
