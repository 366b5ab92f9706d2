import { describe, expect, it } from "vitest";
import { quantile } from "./latency-histogram";
import { RequestMinutes, statusClass } from "./request-minutes";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("request minutes", () => {
  it("counts requests and their status classes; 1xx count as requests only", () => {
    const minutes = new RequestMinutes();
    for (const status of [200, 201, 204, 301, 304, 404, 499, 500, 502, 101])
      minutes.record({ appId: "a", status, latencyMs: 4 }, T0 + 1000);
    const [taken] = minutes.buffer.take(T0 + 2000);
    expect(taken?.value).toMatchObject({
      appId: "a",
      minute: T0,
      requests: 10,
      status: { "2xx": 3, "3xx": 2, "4xx": 2, "5xx": 2 },
    });
    expect(statusClass(99)).toBeNull();
    expect(statusClass(600)).toBeNull();
  });

  it("splits requests at minute boundaries and keeps apps apart", () => {
    const minutes = new RequestMinutes();
    minutes.record({ appId: "a", status: 200, latencyMs: 1 }, T0 + 59_999);
    minutes.record({ appId: "a", status: 200, latencyMs: 1 }, T0 + 60_000);
    minutes.record({ appId: "a", status: 200, latencyMs: 1 }, T0 + 60_001);
    minutes.record({ appId: "b", status: 500, latencyMs: 1 }, T0 + 60_001);
    const taken = minutes.buffer.take(T0 + 60_002).map((t) => t.value);
    expect(taken.map((m) => [m.appId, m.minute - T0, m.requests]).sort()).toEqual([
      ["a", 0, 1],
      ["a", 60_000, 2],
      ["b", 60_000, 1],
    ]);
  });

  it("writes the minute in progress on every take that follows a change, and forgets minutes once over and written", () => {
    const minutes = new RequestMinutes();
    minutes.record({ appId: "a", status: 200, latencyMs: 10 }, T0 + 5000);
    expect(minutes.buffer.take(T0 + 6000).map((t) => t.value.requests)).toEqual([1]);
    // Nothing new: nothing to write, but the minute in progress stays to be counted on.
    expect(minutes.buffer.take(T0 + 7000)).toEqual([]);
    expect(minutes.buffer.size).toBe(1);
    minutes.record({ appId: "a", status: 200, latencyMs: 30 }, T0 + 8000);
    const whole = minutes.buffer.take(T0 + 9000)[0]?.value;
    // Rewritten whole, so a write that is repeated counts nothing twice.
    expect(whole?.requests).toBe(2);
    expect(quantile(whole?.latency ?? { counts: {}, total: 0, sumMs: 0, minMs: 0, maxMs: 0 }, 1)).toBe(30);
    minutes.record({ appId: "a", status: 200, latencyMs: 10 }, T0 + 50_000);
    expect(minutes.buffer.take(T0 + 61_000).map((t) => t.value.requests)).toEqual([3]);
    expect(minutes.buffer.size).toBe(0);
  });

  it("keeps what a failed write took, with what came in since", () => {
    const minutes = new RequestMinutes();
    minutes.record({ appId: "a", status: 200, latencyMs: 1 }, T0 + 1000);
    const failed = minutes.buffer.take(T0 + 61_000);
    expect(minutes.buffer.size).toBe(0);
    minutes.record({ appId: "a", status: 404, latencyMs: 1 }, T0 + 62_000);
    minutes.buffer.restore(failed);
    const retried = minutes.buffer.take(T0 + 63_000).map((t) => [t.value.minute - T0, t.value.requests]);
    expect(retried.sort()).toEqual([
      [0, 1],
      [60_000, 1],
    ]);
  });

  it("holds a bounded number of minutes while the database is away, dropping the oldest", () => {
    const minutes = new RequestMinutes({ maxPendingMinutes: 5 });
    for (let i = 0; i < 12; i++) minutes.record({ appId: "a", status: 200, latencyMs: 1 }, T0 + i * 60_000);
    expect(minutes.buffer.size).toBe(5);
    expect(minutes.buffer.dropped).toBe(7);
    const kept = minutes.buffer.take(T0 + 12 * 60_000).map((t) => (t.value.minute - T0) / 60_000);
    expect(kept.sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11]);
    // However many requests a minute holds, it is one aggregate of bounded size.
    for (let i = 0; i < 50_000; i++)
      minutes.record({ appId: "b", status: 200, latencyMs: i % 3000 }, T0 + 13 * 60_000);
    expect(minutes.buffer.size).toBe(1);
    const [busy] = minutes.buffer.take(T0 + 13 * 60_000);
    expect(busy?.value.requests).toBe(50_000);
    expect(JSON.stringify(busy?.value).length).toBeLessThan(4000);
  });
});
