const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * A time of day in the viewer's own time zone (HH:MM:SS, optionally .mmm): log and logbook
 * lines are read against the viewer's clock, not UTC.
 */
export function localClock(at: Date | string, milliseconds = false): string {
  const date = typeof at === "string" ? new Date(at) : at;
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return milliseconds ? `${clock}.${pad(date.getMilliseconds(), 3)}` : clock;
}
