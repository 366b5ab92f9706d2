import { BodyTooLargeError } from "@/server/edge/body-limit";
import { uploadTooLargeMessage } from "@/server/edge/upload-limit";
import { AppError } from "@/server/services/errors";
import { NOT_A_DUMP_MESSAGE } from "./dump-file-rule";

/** Past THIRTY_MAX_UPLOAD_MB: a 413 on every transport, like any body over its limit. */
export class UploadTooLargeError extends BodyTooLargeError {
  constructor() {
    super();
    this.message = uploadTooLargeMessage();
  }
}

export function notADumpError(): AppError {
  return new AppError("BAD_INPUT", NOT_A_DUMP_MESSAGE);
}

export function interruptedUploadError(): AppError {
  return new AppError(
    "BAD_INPUT",
    "The upload stopped before the whole file arrived; nothing was kept. Upload the file again.",
  );
}
