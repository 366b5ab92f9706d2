import type { QueueTask } from "@/server/queue/action-queue";
import { expireDatabaseUpload } from "./expire-upload";
import { UPLOAD_EXPIRY_TASK } from "./upload-settings";

/** What the action worker runs for database uploads (passed to startActionWorker's `tasks`). */
export const databaseUploadTasks: Record<string, QueueTask> = {
  [UPLOAD_EXPIRY_TASK]: async (payload) => {
    await expireDatabaseUpload({ uploadId: String(payload.uploadId), appId: String(payload.appId) });
  },
};
