import "server-only";
import { open, readdir, rm, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { parseJsonlogLine, type PostgresLogRecord } from "./jsonlog-record";

export type JsonlogTail = { close: () => Promise<void> };

const POLL_MS = 250;
const READ_CHUNK = 1024 * 1024;
/** Log files (of each kind) kept in the directory; older ones are removed once read. */
const KEEP_FILES = 3;
/** The collector's names (apps-postgres.ts log_filename): they sort by the time they began. */
const LOG_FILE = /^postgresql-\d{8}-\d{6}\.(json|log)$/;

type Current = { name: string; handle: FileHandle; ino: number; position: number };

async function newestJsonlog(directory: string): Promise<string | null> {
  const names = (await readdir(directory)).filter((n) => LOG_FILE.test(n) && n.endsWith(".json")).sort();
  return names.at(-1) ?? null;
}

/** Removes all but the newest KEEP_FILES files of each kind: PostgreSQL itself never does. */
async function pruneOldFiles(directory: string): Promise<void> {
  const names = (await readdir(directory)).filter((n) => LOG_FILE.test(n)).sort();
  for (const extension of [".json", ".log"]) {
    const ofKind = names.filter((n) => n.endsWith(extension));
    for (const name of ofKind.slice(0, Math.max(0, ofKind.length - KEEP_FILES)))
      await rm(path.join(directory, name), { force: true });
  }
}

/**
 * Follows the PostgreSQL logging collector's jsonlog files in `directory`: the newest file is
 * the one being written; when a newer one appears (rotation by size or age, or a restart) the
 * old one is read to its end first. A file truncated or replaced under its name is read again
 * from its start. Reading starts at the end: lines of an earlier run were handled by that run.
 * `onRecords` is awaited before the next read, so records arrive in the order they were written.
 */
export async function startJsonlogTail(options: {
  directory: string;
  onRecords: (records: PostgresLogRecord[]) => Promise<void>;
  pollMs?: number;
}): Promise<JsonlogTail> {
  const { directory } = options;
  let current: Current | null = null;
  let partial = "";
  let closed = false;
  let lastProblem = "";
  const buffer = Buffer.alloc(READ_CHUNK);

  async function follow(name: string, fromEnd: boolean): Promise<Current> {
    const handle = await open(path.join(directory, name), "r");
    const info = await handle.stat();
    partial = "";
    return { name, handle, ino: info.ino, position: fromEnd ? info.size : 0 };
  }

  async function drain(file: Current): Promise<void> {
    for (;;) {
      const { bytesRead } = await file.handle.read(buffer, 0, READ_CHUNK, file.position);
      if (bytesRead === 0) return;
      file.position += bytesRead;
      const lines = (partial + buffer.toString("utf8", 0, bytesRead)).split("\n");
      partial = lines.pop() ?? "";
      const records = lines.map(parseJsonlogLine).filter((r): r is PostgresLogRecord => r !== null);
      if (records.length) await options.onRecords(records);
    }
  }

  async function poll(): Promise<void> {
    const newest = await newestJsonlog(directory);
    if (!current) {
      if (!newest) return;
      current = await follow(newest, false);
    }
    const onDisk = await stat(path.join(directory, current.name)).catch(() => null);
    if (onDisk && onDisk.ino !== current.ino) {
      // Replaced under the same name: the new file is read from its start.
      await current.handle.close();
      current = await follow(current.name, false);
    } else if (onDisk && onDisk.size < current.position) {
      // Truncated: start over from its beginning.
      current.position = 0;
      partial = "";
    }
    await drain(current);
    if (newest && newest > current.name) {
      // Rotated: the old file is read to its end above; a torn last line is no record.
      await current.handle.close();
      current = await follow(newest, false);
      await drain(current);
      await pruneOldFiles(directory);
    }
  }

  const first = await newestJsonlog(directory).catch(() => null);
  if (first) current = await follow(first, true);

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const loop = () => {
    timer = setTimeout(() => {
      running = poll()
        .then(() => {
          lastProblem = "";
        })
        .catch((error: unknown) => {
          // The directory missing for a moment (a restart) is not worth a line each poll.
          const problem = String(error);
          if (problem !== lastProblem) console.error("Following PostgreSQL's log failed:", problem);
          lastProblem = problem;
        })
        .finally(() => {
          if (!closed) loop();
        });
    }, options.pollMs ?? POLL_MS);
  };
  loop();

  return {
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
      await poll().catch(() => undefined);
      await current?.handle.close().catch(() => undefined);
    },
  };
}
