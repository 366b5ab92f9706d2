import { describe, expect, it } from "vitest";
import { formatDuration, formatElapsed } from "@/lib/format/duration";

describe("formatDuration", () => {
  it("says a length of time the way people do", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(400)).toBe("0.4 s");
    expect(formatDuration(3_420)).toBe("3.4 s");
    expect(formatDuration(3_000)).toBe("3 s");
    expect(formatDuration(12_345)).toBe("12 s");
    expect(formatDuration(59_700)).toBe("1 min");
    expect(formatDuration(245_000)).toBe("4 min 5 s");
    expect(formatDuration(2 * 3_600_000 + 10 * 60_000 + 30_000)).toBe("2 h 10 min");
    expect(formatDuration(6 * 3_600_000)).toBe("6 h");
    expect(formatDuration(-5)).toBe("0 s");
  });

  it("measures what ran, or runs still, and nothing before it started", () => {
    const start = new Date("2026-01-01T12:00:00Z");
    expect(formatElapsed(null, null)).toBe("—");
    expect(formatElapsed(start, new Date("2026-01-01T12:00:02.5Z"))).toBe("2.5 s");
    expect(formatElapsed(start, null, new Date("2026-01-01T12:01:30Z"))).toBe("1 min 30 s");
  });
});
