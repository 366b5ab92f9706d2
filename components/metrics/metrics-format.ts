import { localClock } from "@/lib/local-clock";

export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

export function formatMs(value: number | null): string {
  if (value === null) return "—";
  if (value >= 1000) return `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

export function formatPercent(value: number | null): string {
  return value === null ? "—" : `${value < 10 ? value.toFixed(1) : Math.round(value)} %`;
}

/**
 * A step's start in the viewer's own time zone, 24-hour like the log lines: "14:05", with the
 * day when it is not today ("27 Nov 14:05").
 */
export function formatStepTime(at: Date): string {
  const time = localClock(at).slice(0, 5);
  const today = new Date().toDateString() === at.toDateString();
  return today ? time : `${at.toLocaleDateString("en-GB", { day: "numeric", month: "short" })} ${time}`;
}
