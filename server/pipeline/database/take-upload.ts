import { copyFile, lstat, rename, rm } from "node:fs/promises";
import { getConfig } from "@/server/config";
import type { ActionContext } from "../context";
import { StepFailure } from "../step-failure";
import { removeUploadFiles, uploadFile } from "./upload-store";

/**
 * Moves the upload this restore claimed (server/services/databases/uploads) from root's
 * uploads directory into the restore's scratch file. Only an upload of this app, claimed by
 * this very action, is taken. Returns its size.
 */
export async function takeUpload(ctx: ActionContext, uploadId: string, target: string): Promise<number> {
  const upload = await ctx.db.databaseUpload.findFirst({
    where: { id: uploadId, appId: ctx.action.appId, actionId: ctx.action.id, status: "claimed" },
  });
  const source = uploadFile(getConfig().dataDir, ctx.action.appId, uploadId);
  const info = upload ? await lstat(source).catch(() => null) : null;
  if (!upload || !info?.isFile())
    throw new StepFailure("The uploaded file is gone (it was removed or expired): upload the dump again.");
  try {
    await rename(source, target);
  } catch (error) {
    // The runtime's data dir may sit on another file system than the platform's.
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await copyFile(source, target);
    await rm(source, { force: true });
  }
  return info.size;
}

/** A restore's upload is used once: removed when the restore ends, whatever the outcome. */
export async function discardUpload(ctx: ActionContext, uploadId: string): Promise<void> {
  await removeUploadFiles(getConfig().dataDir, ctx.action.appId, uploadId);
  await ctx.db.databaseUpload.deleteMany({ where: { id: uploadId, actionId: ctx.action.id } });
}
