import { describe, expect, it } from "vitest";
import { busiestStep, serverErrorPercent } from "./metrics-summary";
import type { RequestPointView } from "./metrics-view";

const status = (fiveXx = 0) => ({ "2xx": 0, "3xx": 0, "4xx": 0, "5xx": fiveXx });
const latencyMs = { p50: null, p95: null, p99: null };
const point = (minute: number, requests: number): RequestPointView => ({
  time: new Date(Date.UTC(2026, 0, 1, 12, minute)),
  requests,
  status: status(),
  latencyMs,
});

describe("metrics readings", () => {
  it("finds the busiest step, the earliest of equals, and none when nothing was asked", () => {
    expect(busiestStep([])).toBeNull();
    expect(busiestStep([point(0, 0), point(1, 0)])).toBeNull();
    const points = [point(0, 3), point(1, 7), point(2, 7), point(3, 1)];
    expect(busiestStep(points)).toBe(points[1]);
  });

  it("gives the share of server errors, and none without requests", () => {
    expect(serverErrorPercent({ requests: 0, status: status(), latencyMs })).toBeNull();
    expect(serverErrorPercent({ requests: 12, status: status(3), latencyMs })).toBe(25);
    expect(serverErrorPercent({ requests: 8, status: status(0), latencyMs })).toBe(0);
  });
});
