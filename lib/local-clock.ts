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

/**
 * A date and time in the viewer's own time zone, 24-hour like the log and logbook lines
 * ("27 Nov 2026, 04:59:17"; the year only when it is not this one).
 */
export function localDateTime(at: Date | string): string {
  const date = typeof at === "string" ? new Date(at) : at;
  const sameYear = date.getFullYear() === new Date().getFullYear();
  const day = date.toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  });
  return `${day}, ${localClock(date)}`;
}
