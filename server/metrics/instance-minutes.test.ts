import { describe, expect, it } from "vitest";
import { InstanceMinutes, type UsageReading } from "./instance-minutes";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

const reading = (overrides: Partial<UsageReading>): UsageReading => ({
  appId: "a",
  instanceId: "a~1",
  instance: "app.1",
  cpuNanos: 0,
  memoryBytes: 100,
  ...overrides,
});

describe("instance minutes", () => {
  it("needs two readings for CPU; memory counts from the first", () => {
    const usage = new InstanceMinutes();
    usage.record([reading({ cpuNanos: 5e9, memoryBytes: 100 })], T0);
    usage.record([reading({ cpuNanos: 7e9, memoryBytes: 300 })], T0 + 10_000);
    const [minute] = usage.buffer.take(T0 + 10_000).map((t) => t.value);
    expect(minute).toMatchObject({
      instance: "app.1",
      cpuSeconds: 2,
      wallSeconds: 10,
      memorySumBytes: 400,
      memoryMaxBytes: 300,
      samples: 2,
    });
  });

  it("adds up an old and a new instance of one name during a deploy", () => {
    const usage = new InstanceMinutes();
    usage.record([reading({ cpuNanos: 1e9, memoryBytes: 100 })], T0);
    usage.record(
      [
        reading({ cpuNanos: 2e9, memoryBytes: 100 }),
        reading({ instanceId: "a~2", cpuNanos: 4e9, memoryBytes: 50 }),
      ],
      T0 + 10_000,
    );
    usage.record([reading({ instanceId: "a~2", cpuNanos: 5e9, memoryBytes: 60 })], T0 + 20_000);
    const [minute] = usage.buffer.take(T0 + 20_000).map((t) => t.value);
    // 1 s of the old one, then 1 s of the new one (its first reading only sets where it starts).
    expect(minute).toMatchObject({ cpuSeconds: 2, wallSeconds: 20, samples: 3, memoryMaxBytes: 150 });
    expect(minute?.memorySumBytes).toBe(100 + 150 + 60);
  });

  it("starts counting again when a counter goes back, and per minute", () => {
    const usage = new InstanceMinutes();
    usage.record([reading({ cpuNanos: 9e9 })], T0 + 50_000);
    usage.record([reading({ cpuNanos: 1e9 })], T0 + 55_000);
    usage.record([reading({ cpuNanos: 3e9 })], T0 + 65_000);
    const minutes = usage.buffer
      .take(T0 + 65_000)
      .map((t) => [t.value.minute - T0, t.value.cpuSeconds, t.value.wallSeconds]);
    expect(minutes.sort()).toEqual([
      [0, 0, 5],
      [60_000, 2, 10],
    ]);
  });

  it("records memory without CPU where only memory could be read", () => {
    const usage = new InstanceMinutes();
    usage.record([reading({ cpuNanos: null, memoryBytes: 42 })], T0);
    usage.record([reading({ cpuNanos: null, memoryBytes: null })], T0 + 1000);
    const [minute] = usage.buffer.take(T0 + 1000).map((t) => t.value);
    expect(minute).toMatchObject({ cpuSeconds: 0, wallSeconds: 0, memorySumBytes: 42, samples: 1 });
  });
});
