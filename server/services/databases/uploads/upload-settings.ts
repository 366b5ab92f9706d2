/** How long a finished upload waits for its restore before it is removed (THIRTY_UPLOAD_TTL_MINUTES, 60). */
export function uploadTtlMs(): number {
  const wanted = Number(process.env.THIRTY_UPLOAD_TTL_MINUTES);
  return (Number.isFinite(wanted) && wanted > 0 ? wanted : 60) * 60_000;
}

/** Uploads one account may send at once (THIRTY_UPLOADS_PER_ACCOUNT, 2): each holds a connection and disk. */
export function uploadsPerAccount(): number {
  const wanted = Number(process.env.THIRTY_UPLOADS_PER_ACCOUNT);
  return Number.isInteger(wanted) && wanted > 0 ? wanted : 2;
}

/**
 * Finished uploads one account may keep waiting for their restore (THIRTY_UPLOADS_KEPT_PER_ACCOUNT,
 * 2): with the uploads in progress, this bounds the disk one account can hold.
 */
export function keptUploadsPerAccount(): number {
  const wanted = Number(process.env.THIRTY_UPLOADS_KEPT_PER_ACCOUNT);
  return Number.isInteger(wanted) && wanted > 0 ? wanted : 2;
}

/**
 * A receiving upload touches its row at least this often while bytes arrive; one silent for
 * longer died with its web process and no longer counts against the account's uploads.
 */
export const UPLOAD_HEARTBEAT_MS = 5_000;
export const UPLOAD_STALE_MS = 60_000;

/** The worker's job that removes an upload nobody restored (scheduled by whoever made it). */
export const UPLOAD_EXPIRY_TASK = "database-upload-expiry";

export function uploadExpiryJobKey(uploadId: string): string {
  return `database-upload-expiry:${uploadId}`;
}
