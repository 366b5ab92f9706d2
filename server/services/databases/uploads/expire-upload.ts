import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { removeUploadFiles } from "@/server/pipeline/database/upload-store";
import { scheduleJob } from "@/server/queue/action-queue";
import { UPLOAD_EXPIRY_TASK, UPLOAD_STALE_MS, uploadExpiryJobKey, uploadTtlMs } from "./upload-settings";

async function checkAgainLater(uploadId: string, appId: string): Promise<void> {
  await scheduleJob(
    UPLOAD_EXPIRY_TASK,
    { uploadId, appId },
    { runAt: new Date(Date.now() + uploadTtlMs()), jobKey: uploadExpiryJobKey(uploadId) },
  );
}

/**
 * The worker's job for an upload's expiry: an upload nobody restored is removed, file and
 * record. One still arriving (its row touched lately) or taken by a restore that has not ended
 * is looked at again later; a restore removes its upload itself when it ends.
 */
export async function expireDatabaseUpload(options: {
  uploadId: string;
  appId: string;
  now?: Date;
}): Promise<"removed" | "kept"> {
  const db = getDb();
  const now = options.now ?? new Date();
  const upload = await db.databaseUpload.findUnique({ where: { id: options.uploadId } });
  if (upload && upload.appId === options.appId) {
    if (upload.status === "receiving" && upload.updatedAt.getTime() > now.getTime() - UPLOAD_STALE_MS) {
      await checkAgainLater(upload.id, upload.appId);
      return "kept";
    }
    if (upload.status === "ready" && upload.expiresAt > now) return "kept";
    if (upload.status === "claimed" && upload.actionId) {
      const action = await db.action.findUnique({
        where: { id: upload.actionId },
        select: { status: true },
      });
      if (action && (action.status === "queued" || action.status === "running")) {
        await checkAgainLater(upload.id, upload.appId);
        return "kept";
      }
    }
    // Only the row as read: a restore that claimed it meanwhile (which touches it) keeps it.
    const removed = await db.databaseUpload.deleteMany({
      where: { id: upload.id, status: upload.status, updatedAt: upload.updatedAt },
    });
    if (removed.count === 0) return "kept";
  }
  // Due, or gone from the database already (the app was deleted): the files go.
  await removeUploadFiles(getConfig().dataDir, options.appId, options.uploadId);
  return "removed";
}
