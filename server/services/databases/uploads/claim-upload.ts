import { getDb } from "@/server/db/client";
import { AppError } from "@/server/services/errors";

/**
 * Hands a ready upload of this app to the restore action about to be queued: only the app's
 * own uploads qualify (another account's id is simply not found), each one restore only.
 */
export async function claimUpload(options: {
  uploadId: string;
  appId: string;
  actionId: string;
}): Promise<void> {
  const claimed = await getDb().databaseUpload.updateMany({
    where: { id: options.uploadId, appId: options.appId, status: "ready", expiresAt: { gt: new Date() } },
    data: { status: "claimed", actionId: options.actionId },
  });
  if (claimed.count === 0)
    throw new AppError(
      "BAD_INPUT",
      "No uploaded dump with this id is waiting to be restored into this app's database (an upload serves one restore and is removed after an hour unused): upload the file again.",
    );
}

/** Gives a claimed upload back when its restore could not be queued after all. */
export async function releaseUpload(options: { uploadId: string; actionId: string }): Promise<void> {
  await getDb().databaseUpload.updateMany({
    where: { id: options.uploadId, status: "claimed", actionId: options.actionId },
    data: { status: "ready", actionId: null },
  });
}
