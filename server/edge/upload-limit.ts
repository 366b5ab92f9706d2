import "server-only";
import { tooLargeMessage } from "@/server/services/databases/uploads/dump-file-rule";

/**
 * The one kind of request body larger than 1 MB the platform takes: a database dump uploaded
 * for a restore. Its routes get their own cap (THIRTY_MAX_UPLOAD_MB, default 512) and stream the
 * body to disk as it arrives, so the web process's small heap never holds more than a chunk.
 */
export function maxUploadBytes(): number {
  const wanted = Number(process.env.THIRTY_MAX_UPLOAD_MB);
  const megabytes = Number.isFinite(wanted) && wanted > 0 ? wanted : 512;
  return Math.floor(megabytes * 1024 * 1024);
}

export function uploadTooLargeMessage(): string {
  return tooLargeMessage(maxUploadBytes());
}

// The dashboard's upload and its REST twin (rest-api.md extensions). Matched on the raw path,
// before any decoding, exactly like the routes that serve them.
const UPLOAD_PATHS = [
  /^\/api\/uploads\/[^/?#]+\/?(?:\?.*)?$/,
  /^\/0\.9\/[^/?#]+\/apps\/[^/?#]+\/services\/postgres\/uploads\/?(?:\?.*)?$/,
];

/** True for the routes whose bodies are dumps (capped by maxUploadBytes instead of 1 MB). */
export function isUploadPath(url: string): boolean {
  return UPLOAD_PATHS.some((pattern) => pattern.test(url));
}

/** The Content-Length a client declared, or null (chunked, or nothing usable). */
export function declaredLength(headers: Headers): number | null {
  const raw = headers.get("content-length");
  if (raw === null) return null;
  const length = Number(raw);
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}
