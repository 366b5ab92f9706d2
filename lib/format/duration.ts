/** Below 10 s with tenths unless whole, above it whole: "0.4 s", "3 s", "12 s". */
function seconds(value: number): string {
  return (value < 10 ? value.toFixed(1) : String(Math.round(value))).replace(/\.0$/, "");
}

/**
 * A length of time as people say it: "3.4 s", "12 s", "4 min 5 s", "2 h 10 min", "6 h".
 * Seconds are shown only below an hour; a whole number of milliseconds per second reads whole.
 */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, ms) / 1000;
  if (totalSeconds < 60 && Math.round(totalSeconds) < 60) return `${seconds(totalSeconds)} s`;
  const whole = Math.round(totalSeconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  const rest = whole % 60;
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}

/** How long something ran (or has run, while `end` is null); "—" before it started. */
export function formatElapsed(start: Date | null, end: Date | null, now: Date = new Date()): string {
  if (!start) return "—";
  return formatDuration((end ?? now).getTime() - start.getTime());
}
