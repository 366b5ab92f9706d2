import { describe, expect, it } from "vitest";
import { freeStopNotice } from "./schedule-free-stop";

describe("[FREE TIER] the logbook's line about the automatic stop", () => {
  const since = new Date("2026-01-01T10:00:00Z");
  const after = (ms: number) => new Date(since.getTime() + ms);

  it("says how long from now, never a UTC timestamp the reader would have to convert", () => {
    expect(freeStopNotice(after(6 * 3600_000), since)).toBe(
      "Free tier: the app stops in 6 h unless it is published.",
    );
    expect(freeStopNotice(after(90 * 60_000), since)).toBe(
      "Free tier: the app stops in 1 h 30 min unless it is published.",
    );
    expect(freeStopNotice(after(30_000), since, true)).toBe(
      "Free tier: the app stops in 1 min unless it is published again.",
    );
  });
});
