import type { PrismaClient } from "@/server/db/client";
import { isConnectionError } from "@/server/db/connection-errors";
import { BoundedQueue, type QueueEntry } from "./async-queue";
import { liveLineBytes, type LiveLogLine } from "./live-events";
import type { LiveHub } from "./live-hub";

export type LogFilter = { programs?: string[]; instanceId?: string; severity?: string; text?: string };

export type LogStreamItem =
  | { type: "line"; line: LiveLogLine }
  /** The reader fell behind: these lines were not sent (they are stored; load them by id). */
  | { type: "skipped"; count: number; fromId: string; toId: string };

function matches(line: LiveLogLine, filter: LogFilter): boolean {
  if (filter.programs?.length && !filter.programs.includes(line.program)) return false;
  if (filter.instanceId && line.instanceId !== filter.instanceId) return false;
  if (filter.severity && line.severity !== filter.severity) return false;
  if (filter.text && !line.message.toLowerCase().includes(filter.text.toLowerCase())) return false;
  return true;
}

async function storedLines(
  db: PrismaClient,
  appId: string,
  filter: LogFilter,
  afterId: bigint | null,
  limit: number,
): Promise<LiveLogLine[]> {
  const rows = await db.logLine.findMany({
    where: {
      appId,
      ...(afterId !== null ? { id: { gt: afterId } } : {}),
      ...(filter.programs?.length ? { program: { in: filter.programs } } : {}),
      ...(filter.instanceId ? { instanceId: filter.instanceId } : {}),
      ...(filter.severity ? { severity: filter.severity } : {}),
      ...(filter.text ? { message: { contains: filter.text, mode: "insensitive" as const } } : {}),
    },
    // Resuming reads forward from the last id; a fresh stream starts with the newest lines.
    orderBy: { id: afterId !== null ? "asc" : "desc" },
    take: limit,
  });
  const lines = rows.map((row) => ({
    id: row.id.toString(),
    appId: row.appId,
    instanceId: row.instanceId,
    program: row.program,
    severity: row.severity,
    message: row.message,
    timestamp: row.timestamp.toISOString(),
  }));
  return afterId !== null ? lines : lines.reverse();
}

/** Lines per streamed batch, at most. */
const MAX_BATCH_LINES = 500;

/** About 5,000 lines of 100 characters per reader. */
const DEFAULT_QUEUE_BYTES = 2 * 1024 * 1024;

type StreamOptions = {
  db: PrismaClient;
  hub: LiveHub;
  appId: string;
  filter: LogFilter;
  lastEventId: string | null;
  initial?: number;
  /** What one reader may have waiting, in bytes (liveLineBytes); beyond, lines are skipped. */
  queueBytes?: number;
  signal?: AbortSignal;
};

export type LogStreamBatch =
  { type: "lines"; lines: LiveLogLine[] } | { type: "skipped"; count: number; fromId: string; toId: string };

/**
 * An app's log lines as a stream of batches: first the backlog (the newest `initial` lines, or
 * everything after `lastEventId` when resuming), then live lines as they are printed, as many
 * per batch as arrived together. Ids only grow, so a line is never sent twice and a resume
 * leaves no gap. Batches keep a fast printer from costing one event per line downstream.
 */
export async function* streamLogBatches(options: StreamOptions): AsyncGenerator<LogStreamBatch> {
  const { db, hub, appId, filter, signal } = options;
  const queue = new BoundedQueue<LiveLogLine>(options.queueBytes ?? DEFAULT_QUEUE_BYTES, liveLineBytes);
  // An object, not a boolean: the listener below sets it between the loop's awaits.
  const resync = { requested: false };
  const off = hub.on((event) => {
    if (event.kind === "resync") {
      resync.requested = true;
      queue.wake();
    }
    if (event.kind !== "log") return;
    for (const line of event.lines) if (line.appId === appId && matches(line, filter)) queue.push(line);
  });
  try {
    await hub.ready();
    let last = options.lastEventId ? BigInt(options.lastEventId) : null;
    const stored = await storedLines(
      db,
      appId,
      filter,
      last,
      last === null ? (options.initial ?? 200) : 20_000,
    );
    const seen = hub.recent(appId, last).filter((line) => matches(line, filter));
    const backlog = new Map<string, LiveLogLine>();
    for (const line of [...stored, ...seen]) backlog.set(line.id, line);
    let ordered = [...backlog.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    if (last === null) ordered = ordered.slice(-(options.initial ?? 200));
    // An empty backlog is still said: the reader then knows nothing matches yet (an empty
    // state), rather than waiting for lines that may never come.
    if (ordered.length === 0) yield { type: "lines", lines: [] };
    for (let i = 0; i < ordered.length; i += 500) {
      const chunk = ordered.slice(i, i + 500);
      last = BigInt(chunk[chunk.length - 1]?.id ?? "0");
      yield { type: "lines", lines: chunk };
    }
    // Set while catching up after the bus lost its connection (see catchUp below).
    const mode: { catchingUp: CatchUp | null } = { catchingUp: null };
    while (!signal?.aborted) {
      const entries = await queue.take(signal, mode.catchingUp ? CATCH_UP_POLL_MS : undefined);
      // Lines taken together with the news of a reconnect may have come after it: all of them
      // wait for storage (lines before it were contiguous, so holding them costs nothing).
      if (resync.requested) {
        resync.requested = false;
        mode.catchingUp = { held: mode.catchingUp?.held ?? [], polls: 0 };
      }
      if (mode.catchingUp) {
        const caught = await catchUp(mode.catchingUp, entries, () =>
          storedLines(db, appId, filter, last, 20_000),
        );
        for (const batch of caught.batches) {
          const fresh = batch.lines.filter((line) => last === null || BigInt(line.id) > last);
          const newest = fresh.at(-1);
          if (!newest) continue;
          last = BigInt(newest.id);
          yield { type: "lines", lines: fresh };
        }
        if (caught.done) mode.catchingUp = null;
        continue;
      }
      let lines: LiveLogLine[] = [];
      for (const entry of entries) {
        if (entry.kind === "skipped") {
          if (lines.length) yield { type: "lines", lines };
          lines = [];
          yield { type: "skipped", count: entry.count, fromId: entry.first.id, toId: entry.last.id };
          last = BigInt(entry.last.id);
          continue;
        }
        if (last !== null && BigInt(entry.value.id) <= last) continue;
        lines.push(entry.value);
        last = BigInt(entry.value.id);
        // A browser parses each event in one go: a flood goes out as many modest events.
        if (lines.length >= MAX_BATCH_LINES) {
          yield { type: "lines", lines };
          lines = [];
        }
      }
      if (lines.length) yield { type: "lines", lines };
    }
  } finally {
    off();
  }
}

type CatchUp = { held: LiveLogLine[]; polls: number };

const CATCH_UP_POLL_MS = 250;
/** About 15 s: lines the store dropped (it could not keep up) are never found; stop waiting. */
const CATCH_UP_MAX_POLLS = 60;

/**
 * After the bus reconnects, the lines published while it was away reach this stream only
 * through storage, which lags the live stream by the store's batching (and by its retries while
 * PostgreSQL was down). Live lines are held back meanwhile, and storage is read again until it
 * holds the first held line: the store writes each writer's lines in order, so by then
 * everything before it is stored too. Storage's lines go out first, then the held ones, each
 * line once and in id order.
 */
async function catchUp(
  state: CatchUp,
  entries: QueueEntry<LiveLogLine>[],
  readStored: () => Promise<LiveLogLine[]>,
): Promise<{ batches: { type: "lines"; lines: LiveLogLine[] }[]; done: boolean }> {
  for (const entry of entries) {
    // Lines skipped by a full queue are stored: the reads below find them.
    if (entry.kind === "skipped") state.held = [];
    else state.held.push(entry.value);
  }
  let stored: LiveLogLine[];
  try {
    stored = await readStored();
  } catch (error) {
    // PostgreSQL went away again: the next poll tries once more.
    if (isConnectionError(error)) return { batches: [], done: false };
    throw error;
  }
  const first = state.held[0];
  state.polls++;
  const found = first !== undefined && stored.some((line) => BigInt(line.id) >= BigInt(first.id));
  const done = found || state.polls >= CATCH_UP_MAX_POLLS;
  const out = new Map<string, LiveLogLine>();
  for (const line of stored) out.set(line.id, line);
  if (done) for (const line of state.held) out.set(line.id, line);
  const ordered = [...out.values()].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const batches: { type: "lines"; lines: LiveLogLine[] }[] = [];
  for (let i = 0; i < ordered.length; i += MAX_BATCH_LINES)
    batches.push({ type: "lines", lines: ordered.slice(i, i + MAX_BATCH_LINES) });
  if (done) state.held = [];
  return { batches, done };
}

/** The same stream, one line per item (for readers that want lines, like tests and the CLI). */
export async function* streamLogs(options: StreamOptions): AsyncGenerator<LogStreamItem> {
  for await (const batch of streamLogBatches(options)) {
    if (batch.type === "skipped") yield batch;
    else for (const line of batch.lines) yield { type: "line", line };
  }
}
