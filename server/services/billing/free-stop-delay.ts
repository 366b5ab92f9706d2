import { FREE_TIER } from "./plans";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * How long an unpublished app runs after its last deploy: THIRTY_FREE_STOP_AFTER as `2s`,
 * `90m`, `6h` or plain milliseconds (tests use seconds); 6 hours by default.
 */
export function freeStopDelayMs(raw = process.env.THIRTY_FREE_STOP_AFTER): number {
  if (!raw?.trim()) return FREE_TIER.defaultStopAfterMs;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(raw);
  if (!match) {
    throw new Error(`THIRTY_FREE_STOP_AFTER must be a duration like 2s, 30m or 6h, got "${raw}".`);
  }
  const unit = (match[2] ?? "ms").toLowerCase();
  return Math.round(Number(match[1]) * (UNITS[unit] ?? 1));
}
