import type { PrismaClient } from "@/server/db/client";
import { isConnectionError, retryWhileUnreachable } from "@/server/db/connection-errors";
import type { LiveBus, LiveLogLine } from "@/server/live/live-events";

export type ProcessLogLine = {
  /** Assigned by the sink: time-ordered, so stored and streamed lines share one order. */
  id?: bigint;
  appId: string;
  instanceId: string | null;
  program: string;
  severity: string;
  message: string;
  timestamp: Date;
};

function isDuplicateId(error: unknown): boolean {
  return String((error as { message?: unknown }).message ?? "").includes("LogLine_pkey");
}

/** Lines waiting for the database at most; beyond it new lines are counted, not kept. */
const MAX_UNSAVED = 200_000;

const SEVERITY_IN_LINE = /\[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\]/;

/** gunicorn and Python logging name their level; otherwise stderr counts as an error. */
export function severityOf(stream: "stdout" | "stderr" | "platform", line: string): string {
  const named = SEVERITY_IN_LINE.exec(line)?.[1];
  if (named) return named === "WARNING" ? "Warning" : named.charAt(0) + named.slice(1).toLowerCase();
  return stream === "stderr" ? "Error" : "Info";
}

/**
 * Stores process output in batches (one insert per flush, not per line) and keeps each app's
 * log bounded: after writing, apps over `keepPerApp` lines lose their oldest ones.
 */
export class LogSink {
  private pending: ProcessLogLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly writesSincePrune = new Map<string, number>();
  private readonly dropped = new Map<string, number>();
  private unsaved = 0;
  private live: LiveLogLine[] = [];
  private liveTimer: NodeJS.Timeout | undefined;
  private lastMs = 0;
  private seq = 0;
  // Several platform processes may write lines at once: ids carry a writer number.
  private writer = Math.floor(Math.random() * 1024);

  constructor(
    private readonly db: PrismaClient,
    private readonly options: { flushMs?: number; keepPerApp?: number; bus?: LiveBus } = {},
  ) {}

  /**
   * Millisecond time, then the writer number, then a counter: increasing within this writer,
   * time-ordered across writers, and distinct between writers.
   */
  private nextId(): bigint {
    const now = Date.now();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.seq = 0;
    } else if (++this.seq >= 1024) {
      this.lastMs += 1;
      this.seq = 0;
    }
    return (BigInt(this.lastMs) << 20n) + (BigInt(this.writer) << 10n) + BigInt(this.seq);
  }

  push(line: ProcessLogLine): void {
    // PostgreSQL text cannot hold NUL bytes; a binary-spewing process must not break the batch.
    const stored = { ...line, id: this.nextId(), message: line.message.replace(/\u0000/g, "") };
    if (this.pending.length + this.unsaved >= MAX_UNSAVED) {
      // The database cannot keep up: memory stays bounded, and the log says what is missing.
      this.dropped.set(line.appId, (this.dropped.get(line.appId) ?? 0) + 1);
      if (this.options.bus) this.publishSoon(stored);
      return;
    }
    this.noteDropped(line.appId);
    this.pending.push(stored);
    if (this.pending.length >= 2000) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 200);
    if (this.options.bus) this.publishSoon(stored);
  }

  private noteDropped(appId: string): void {
    const count = this.dropped.get(appId);
    if (!count) return;
    this.dropped.delete(appId);
    this.pending.push({
      id: this.nextId(),
      appId,
      instanceId: null,
      program: "thirtyloops",
      severity: "Warning",
      message: `${count} lines were not stored because the database could not keep up (they were streamed live).`,
      timestamp: new Date(),
    });
  }

  /** Live delivery does not wait for the database: lines go out in small, frequent batches. */
  private publishSoon(line: ProcessLogLine & { id: bigint }): void {
    this.live.push({
      id: line.id.toString(),
      appId: line.appId,
      instanceId: line.instanceId,
      program: line.program,
      severity: line.severity,
      message: line.message,
      timestamp: line.timestamp.toISOString(),
    });
    if (this.live.length >= 200) this.publishNow();
    else this.liveTimer ??= setTimeout(() => this.publishNow(), 15);
  }

  private publishNow(): void {
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    const lines = this.live;
    this.live = [];
    if (lines.length) this.options.bus?.publish({ kind: "log", lines });
  }

  flush(): Promise<void> {
    this.publishNow();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.chain;
    this.unsaved += batch.length;
    this.chain = this.chain
      .then(async () => {
        // PostgreSQL restarting must not cost lines: the batch waits for it (in order, since
        // the chain is serial). A retry may follow an insert that did commit: rows already
        // there are skipped, so no line is stored twice.
        let retry = false;
        await retryWhileUnreachable(
          async () => {
            const ignoreExisting = retry;
            retry = true;
            await this.insert(batch, ignoreExisting);
          },
          { giveUpAfterMs: 5 * 60_000 },
        );
        await this.pruneAfter(batch).catch((error: unknown) => {
          if (!isConnectionError(error)) throw error;
        });
      })
      .catch((error: unknown) => console.error("Storing process logs failed:", error))
      .finally(() => {
        this.unsaved -= batch.length;
      });
    return this.chain;
  }

  /** A line of an app deleted meanwhile must not cost the other apps their lines. */
  private async insert(batch: ProcessLogLine[], ignoreExisting = false): Promise<void> {
    try {
      await this.insertRows(batch, ignoreExisting);
    } catch (error) {
      if (isConnectionError(error)) throw error;
      if (isDuplicateId(error)) {
        // Another writer drew the same number in the same millisecond: new number, new ids.
        this.writer = Math.floor(Math.random() * 1024);
        await this.insertRows(batch.map((line) => ({ ...line, id: this.nextId() })));
        return;
      }
      const ids = [...new Set(batch.map((line) => line.appId))];
      const existing = new Set(
        (await this.db.app.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id),
      );
      const kept = batch.filter((line) => existing.has(line.appId));
      if (kept.length === batch.length) throw error;
      if (kept.length) await this.insertRows(kept, ignoreExisting);
    }
  }

  /** One INSERT of whole columns (unnest): many times faster than a row-by-row createMany. */
  private async insertRows(rows: ProcessLogLine[], ignoreExisting = false): Promise<void> {
    const ids = rows.map((r) => (r.id ?? this.nextId()).toString());
    const columns = [
      ids,
      rows.map((r) => r.appId),
      rows.map((r) => r.instanceId),
      rows.map((r) => r.program),
      rows.map((r) => r.severity),
      rows.map((r) => r.message),
      rows.map((r) => r.timestamp),
    ];
    if (ignoreExisting)
      await this.db.$executeRaw`
        INSERT INTO "LogLine" (id, "appId", "instanceId", program, severity, message, timestamp)
        SELECT * FROM unnest(
          ${columns[0]}::bigint[], ${columns[1]}::text[], ${columns[2]}::text[], ${columns[3]}::text[],
          ${columns[4]}::text[], ${columns[5]}::text[], ${columns[6]}::timestamp[]
        ) ON CONFLICT (id) DO NOTHING`;
    else
      await this.db.$executeRaw`
        INSERT INTO "LogLine" (id, "appId", "instanceId", program, severity, message, timestamp)
        SELECT * FROM unnest(
          ${columns[0]}::bigint[], ${columns[1]}::text[], ${columns[2]}::text[], ${columns[3]}::text[],
          ${columns[4]}::text[], ${columns[5]}::text[], ${columns[6]}::timestamp[]
        )`;
  }

  private async pruneAfter(batch: ProcessLogLine[]): Promise<void> {
    const keep = this.options.keepPerApp ?? 20_000;
    for (const line of batch)
      this.writesSincePrune.set(line.appId, (this.writesSincePrune.get(line.appId) ?? 0) + 1);
    for (const [appId, writes] of this.writesSincePrune) {
      if (writes < Math.max(100, keep / 10)) continue;
      this.writesSincePrune.set(appId, 0);
      await this.db.$executeRaw`
        DELETE FROM "LogLine" WHERE "appId" = ${appId} AND id <= (
          SELECT id FROM "LogLine" WHERE "appId" = ${appId} ORDER BY id DESC OFFSET ${keep} LIMIT 1
        )`;
    }
  }
}
