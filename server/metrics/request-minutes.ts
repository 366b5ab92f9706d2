import { emptyHistogram, observe, type LatencyHistogram } from "./latency-histogram";
import { MinuteBuffer } from "./minute-buffer";

export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** One app's requests in one minute, as this router saw them. */
export type RequestMinute = {
  appId: string;
  /** Start of the minute, in milliseconds since the epoch. */
  minute: number;
  /** Every answered request, 1xx (protocol switches) included. */
  requests: number;
  status: Record<StatusClass, number>;
  latency: LatencyHistogram;
};

/** 2xx–5xx for a status code; null for 1xx and anything outside 100–599. */
export function statusClass(status: number): StatusClass | null {
  if (!Number.isInteger(status)) return null;
  const hundreds = Math.floor(status / 100);
  return hundreds >= 2 && hundreds <= 5 ? (`${hundreds}xx` as StatusClass) : null;
}

/** Enough for every app of a busy machine for a quarter of an hour of unreachable database. */
const MAX_PENDING_MINUTES = 20_000;

/**
 * Counts the router's requests per app and minute in memory: recording one is a few map
 * lookups and additions, so the router at full speed costs the platform no database write.
 */
export class RequestMinutes {
  readonly buffer: MinuteBuffer<RequestMinute>;

  constructor(options: { maxPendingMinutes?: number } = {}) {
    this.buffer = new MinuteBuffer(options.maxPendingMinutes ?? MAX_PENDING_MINUTES);
  }

  record(entry: { appId: string; status: number; latencyMs: number }, atMs: number): void {
    const minute = this.buffer.update(entry.appId, atMs, (start) => ({
      appId: entry.appId,
      minute: start,
      requests: 0,
      status: { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 },
      latency: emptyHistogram(),
    }));
    minute.requests += 1;
    const cls = statusClass(entry.status);
    if (cls) minute.status[cls] += 1;
    observe(minute.latency, entry.latencyMs);
  }
}
