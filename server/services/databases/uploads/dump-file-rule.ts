import { formatBytes } from "@/lib/format/bytes";

// What a restore accepts as a file, in one place: the upload route enforces it on the bytes that
// arrive, the restore step on the file it is handed, and the dashboard checks a chosen file
// before sending anything. Pure, so client components import it as it is.

/** Every pg_dump custom-format archive (pg_dump -Fc) starts with these bytes. */
export const DUMP_MAGIC = "PGDMP";

export const NOT_A_DUMP_MESSAGE =
  "This file is not a pg_dump custom-format archive (it does not start with PGDMP): make one with pg_dump -Fc and upload that.";

/** Past the upload cap; with the file's size when it is known before sending. */
export function tooLargeMessage(maxBytes: number, sizeBytes?: number): string {
  const limit = `uploads can be at most ${formatBytes(maxBytes)}.`;
  return sizeBytes === undefined
    ? `The file is too large: ${limit}`
    : `This file is ${formatBytes(sizeBytes)}: ${limit}`;
}

/** Whether `head` (the first bytes read so far, as latin1 text) may still begin a dump. */
export function mayBeginDump(head: string): boolean {
  const start = head.slice(0, DUMP_MAGIC.length);
  return DUMP_MAGIC.startsWith(start);
}

/** Whether a whole file's first bytes (as latin1 text) are a dump's. */
export function isDumpHead(head: string): boolean {
  return head.slice(0, DUMP_MAGIC.length) === DUMP_MAGIC;
}

/** Why a file of this size and start cannot be restored; null when it may be. */
export function dumpFileProblem(file: { sizeBytes: number; head: string; maxBytes: number }): string | null {
  if (file.sizeBytes > file.maxBytes) return tooLargeMessage(file.maxBytes, file.sizeBytes);
  if (!isDumpHead(file.head)) return NOT_A_DUMP_MESSAGE;
  return null;
}
