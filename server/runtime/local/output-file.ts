import {
  closeSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
} from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createLineSplitter } from "./line-splitter";

/** How often followed files are read: the live log's latency, at most. */
const POLL_MS = 100;
/** Read per file and poll: one chatty process cannot hold up the others. */
const READ_CHUNK = 256 * 1024;
/**
 * Past this size, once everything is read, the file is emptied (writers append, so they go
 * on at its new end). Only what a process writes between the last read and the truncation,
 * a few microseconds, can be lost; logrotate's copytruncate has the same window.
 */
const TRUNCATE_BYTES = 8 * 1024 * 1024;
/**
 * A process writing faster than its lines can be read (and kept) gets no backpressure from a
 * file, unlike from a pipe: once the reader is this far behind, the unread part is dropped
 * and the file emptied, so a tenant cannot fill the disk by printing.
 */
const LAG_LIMIT_BYTES = 32 * 1024 * 1024;
/**
 * At most this much of what was written while no runtime followed the file is read back: a
 * process that printed gigabytes meanwhile must not keep the next runtime busy for minutes.
 */
const BACKLOG_BYTES = 8 * 1024 * 1024;
/** The read position is saved this often at most: after a crash, at most this much repeats. */
const SAVE_POSITION_MS = 1000;
/** A file with nothing new for this many polls in a row is looked at every QUIET_EVERY-th. */
const QUIET_AFTER = 20;
const QUIET_EVERY = 5;

const followed = new Set<OutputFile>();
let timer: NodeJS.Timeout | null = null;
let tick = 0;
/** Reads are synchronous: one buffer serves every file. */
let readBuffer: Buffer | null = null;

function pollAll(): void {
  tick++;
  for (const file of followed) if (file.due(tick)) file.poll();
}

/**
 * One output stream of an instance's process, written to a file instead of a pipe: the
 * process keeps writing when the platform process that started it dies, and the next one
 * reads on from where the last one saved its position. The file is root's and lives in the
 * instance's pid directory, out of the tenant's reach.
 */
export class OutputFile {
  private readonly fd: number;
  private position: number;
  private savedAt = 0;
  private savedPosition = -1;
  private readonly splitter: ReturnType<typeof createLineSplitter>;
  /** Keeps a character whose bytes a read cut in two until the rest arrives. */
  private readonly decoder = new StringDecoder("utf8");
  private quietPolls = 0;

  constructor(
    readonly path: string,
    onLine: (line: string) => void,
    /**
     * Told how much output was left unread: a long backlog after a restart ("backlog"), or a
     * process printing faster than it can be read ("lagging").
     */
    private readonly onSkipped?: (bytes: number, why: "backlog" | "lagging") => void,
  ) {
    this.fd = openSync(path, "a+", 0o600);
    this.splitter = createLineSplitter(onLine);
    this.position = this.savedStart();
    const size = fstatSync(this.fd).size;
    if (size - this.position > BACKLOG_BYTES) {
      const from = this.lineStartAfter(size - BACKLOG_BYTES);
      onSkipped?.(from - this.position, "backlog");
      this.position = from;
    }
    followed.add(this);
    timer ??= setInterval(pollAll, POLL_MS);
    timer.unref();
  }

  private get positionFile(): string {
    return `${this.path}.position`;
  }

  /** Where the previous follower stopped; the end for a position beyond it (truncated since). */
  private savedStart(): number {
    const size = fstatSync(this.fd).size;
    try {
      const saved = Number(readFileSync(this.positionFile, "utf8").trim());
      return Number.isInteger(saved) && saved >= 0 && saved <= size ? saved : 0;
    } catch {
      return 0;
    }
  }

  /** A descriptor for the process's stdout or stderr (the caller closes its copy after spawn). */
  writer(): number {
    return openSync(this.path, "a", 0o600);
  }

  /** The offset just past the first newline at or after `offset` (the end if there is none). */
  private lineStartAfter(offset: number): number {
    readBuffer ??= Buffer.alloc(READ_CHUNK);
    for (let at = offset; ;) {
      const read = readSync(this.fd, readBuffer, 0, READ_CHUNK, at);
      if (read === 0) return at;
      const newline = readBuffer.subarray(0, read).indexOf(10);
      if (newline !== -1) return at + newline + 1;
      at += read;
    }
  }

  /** Whether the shared timer's `tick` should read this file: less often once it went quiet. */
  due(at: number): boolean {
    return this.quietPolls < QUIET_AFTER || at % QUIET_EVERY === 0;
  }

  /** Reads what was written since the last call and hands out the complete lines. */
  poll(): void {
    let size: number;
    try {
      size = fstatSync(this.fd).size;
    } catch {
      return;
    }
    if (size < this.position) this.position = 0;
    if (size - this.position > LAG_LIMIT_BYTES) {
      ftruncateSync(this.fd, 0);
      this.onSkipped?.(size - this.position, "lagging");
      this.splitter.flush();
      this.position = 0;
      this.savePosition(true);
      return;
    }
    if (size > this.position) {
      readBuffer ??= Buffer.alloc(READ_CHUNK);
      const read = readSync(this.fd, readBuffer, 0, READ_CHUNK, this.position);
      this.position += read;
      this.splitter.push(this.decoder.write(readBuffer.subarray(0, read)));
      this.quietPolls = 0;
    } else {
      this.quietPolls++;
    }
    if (this.position >= TRUNCATE_BYTES && this.position === size) {
      ftruncateSync(this.fd, 0);
      this.position = 0;
      this.savePosition(true);
      return;
    }
    this.savePosition(false);
  }

  private savePosition(now: boolean): void {
    if (this.position === this.savedPosition) return;
    if (!now && Date.now() - this.savedAt < SAVE_POSITION_MS) return;
    try {
      writeFileSync(this.positionFile, String(this.position), { mode: 0o600 });
      this.savedAt = Date.now();
      this.savedPosition = this.position;
    } catch {
      // The directory went away: the instance is being removed.
    }
  }

  /** Reads to the end, hands out a last partial line, and stops following. */
  close(): void {
    if (!followed.has(this)) return;
    for (let guard = 0; guard < 64; guard++) {
      const before = this.position;
      this.poll();
      if (this.position === before) break;
    }
    this.splitter.push(this.decoder.end());
    this.splitter.flush();
    this.savePosition(true);
    followed.delete(this);
    closeSync(this.fd);
    if (followed.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  }
}
