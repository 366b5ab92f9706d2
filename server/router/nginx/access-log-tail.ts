import "server-only";
import { open, rename, stat, type FileHandle } from "node:fs/promises";
import type { AccessLogEntry } from "../access-log";
import { parseAccessLine } from "./access-log-line";

export type AccessLogTail = { close: () => Promise<void> };

const POLL_MS = 100;
const READ_CHUNK = 1024 * 1024;
/** Past this size, once read to the end, the file is rotated (nginx reopens on SIGUSR1). */
const ROTATE_BYTES = 32 * 1024 * 1024;
/** After a rotation, the old file is read this long for lines still in nginx's buffers. */
const ROTATED_GRACE_MS = 2000;

/**
 * Follows nginx's access log file. nginx writes it in buffered blocks (one write per many
 * requests, where a syslog datagram per request cost the router most of its throughput), and
 * the file lives in the router's root-only directory, so no tenant can add lines to it.
 * Reading starts at the end: lines of an earlier run were stored by that run.
 */
export async function startAccessLogTail(options: {
  file: string;
  token: string;
  onEntry: (entry: AccessLogEntry) => void;
  /** Makes nginx reopen its log files (SIGUSR1 to the master). */
  reopen: () => void;
}): Promise<AccessLogTail> {
  let handle: FileHandle = await open(options.file, "a+", 0o600);
  let position = (await handle.stat()).size;
  let partial = "";
  let retired: { handle: FileHandle; position: number; until: number } | null = null;
  let closed = false;
  const buffer = Buffer.alloc(READ_CHUNK);

  function emit(text: string): void {
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const entry = parseAccessLine(line, options.token);
      if (entry) options.onEntry(entry);
    }
  }

  async function drain(file: FileHandle, from: number): Promise<number> {
    let at = from;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, READ_CHUNK, at);
      if (bytesRead === 0) return at;
      at += bytesRead;
      emit(buffer.toString("utf8", 0, bytesRead));
    }
  }

  async function rotate(): Promise<void> {
    await rename(options.file, `${options.file}.1`);
    retired = { handle, position, until: Date.now() + ROTATED_GRACE_MS };
    handle = await open(options.file, "a+", 0o600);
    position = 0;
    options.reopen();
  }

  async function poll(): Promise<void> {
    if (retired) {
      retired.position = await drain(retired.handle, retired.position);
      if (Date.now() > retired.until) {
        await retired.handle.close();
        retired = null;
      }
    }
    const size = (await handle.stat()).size;
    // Someone truncated the file: start over from its beginning.
    if (size < position) position = 0;
    position = await drain(handle, position);
    if (!retired && position >= ROTATE_BYTES) await rotate();
  }

  let timer: NodeJS.Timeout | null = null;
  const loop = () => {
    timer = setTimeout(() => {
      void poll()
        .catch(async () => {
          // The file went away (data dir cleaned up under us): follow the new one.
          if (closed) return;
          if (!(await stat(options.file).catch(() => null))) return;
          await handle.close().catch(() => undefined);
          handle = await open(options.file, "a+", 0o600);
          position = 0;
        })
        .finally(() => {
          if (!closed) loop();
        });
    }, POLL_MS);
  };
  loop();

  return {
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await poll().catch(() => undefined);
      await retired?.handle.close().catch(() => undefined);
      await handle.close().catch(() => undefined);
    },
  };
}
