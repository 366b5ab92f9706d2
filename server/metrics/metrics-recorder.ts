import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/server/db/client";
import { InstanceMinutes, type UsageReading } from "./instance-minutes";
import { metricsSettings } from "./metrics-settings";
import { pruneMetrics, writeInstanceMinutes, writeRequestMinutes } from "./metrics-store";
import { RequestMinutes } from "./request-minutes";

const PRUNE_EVERY_MS = 60 * 60_000;

/** Database errors run to many lines (the query, a stack): the last says what went wrong. */
function lastLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .split("\n")
      .filter((line) => line.trim())
      .pop()
      ?.trim() ?? "unknown error"
  );
}

export type MetricsRecorderOptions = {
  /** Reads every live instance's CPU time and memory (the runtime's driver). */
  readUsage: () => UsageReading[];
  flushMs?: number;
  sampleMs?: number;
  keepDays?: number;
  now?: () => number;
};

/**
 * The runtime's metrics: requests from the router's access records and instances' CPU and
 * memory, counted in memory per minute and written on a timer (never per request). The minute
 * in progress is written too, so the dashboard and the API (other processes) see it within one
 * flush; the last writes happen on `stop`. Old minutes are deleted hourly.
 */
export class MetricsRecorder {
  readonly requests = new RequestMinutes();
  readonly instances = new InstanceMinutes();
  /** Names this process's rows: several routers and restarts each write their own counts. */
  readonly source = randomBytes(8).toString("hex");
  private readonly settings: { flushMs: number; sampleMs: number; keepDays: number };
  private readonly now: () => number;
  private flushTimer: NodeJS.Timeout | undefined;
  private sampleTimer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private lastPruneMs = 0;
  private reportedFailure = false;

  constructor(
    private readonly db: PrismaClient,
    private readonly options: MetricsRecorderOptions,
  ) {
    const defaults = metricsSettings();
    this.settings = {
      flushMs: options.flushMs ?? defaults.flushMs,
      sampleMs: options.sampleMs ?? defaults.sampleMs,
      keepDays: options.keepDays ?? defaults.keepDays,
    };
    this.now = options.now ?? Date.now;
  }

  /** Starts the timers; they never keep the process alive by themselves. */
  start(): void {
    if (this.flushTimer) return;
    this.flushTimer = setInterval(() => void this.flush(), this.settings.flushMs);
    this.sampleTimer = setInterval(() => this.sample(), this.settings.sampleMs);
    this.flushTimer.unref();
    this.sampleTimer.unref();
    this.sample();
  }

  /** One request the router answered: status and seconds from nginx's record. */
  recordRequest(appId: string, status: number, seconds: number | undefined): void {
    this.requests.record({ appId, status, latencyMs: (seconds ?? 0) * 1000 }, this.now());
  }

  /** Reads every live instance once. */
  sample(): void {
    try {
      this.instances.record(this.options.readUsage(), this.now());
    } catch (error) {
      console.error("Reading the instances' CPU and memory failed:", error);
    }
  }

  /** Writes every minute changed since the last flush; resolves once written (or failed). */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.write());
    return this.chain;
  }

  private async write(): Promise<void> {
    const now = this.now();
    const requests = this.requests.buffer.take(now);
    const instances = this.instances.buffer.take(now);
    try {
      await writeRequestMinutes(
        this.db,
        this.source,
        requests.map((r) => r.value),
      );
      await writeInstanceMinutes(
        this.db,
        this.source,
        instances.map((r) => r.value),
      );
      this.reportedFailure = false;
    } catch (error) {
      // Kept for the next flush (bounded): a database that is away for a while loses nothing.
      this.requests.buffer.restore(requests);
      this.instances.buffer.restore(instances);
      if (!this.reportedFailure)
        console.error(`Storing metrics failed (${lastLine(error)}); retrying on the next flush.`);
      this.reportedFailure = true;
      return;
    }
    if (now - this.lastPruneMs >= PRUNE_EVERY_MS) {
      this.lastPruneMs = now;
      const before = new Date(now - this.settings.keepDays * 24 * 60 * 60_000);
      await pruneMetrics(this.db, before).catch((error: unknown) =>
        console.error("Removing old metrics failed:", error),
      );
    }
  }

  /** Stops the timers and writes what is counted so far. */
  async stop(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.sampleTimer);
    this.flushTimer = undefined;
    this.sampleTimer = undefined;
    await this.flush();
  }
}
