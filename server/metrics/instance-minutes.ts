import { MinuteBuffer } from "./minute-buffer";

/** What the runtime read for one instance at one moment. */
export type UsageReading = {
  appId: string;
  instanceId: string;
  /** What people call it: `app.1`, `worker.2` (a deploy's new app.1 replaces the old one). */
  instance: string;
  /** CPU time used since the instance started, in nanoseconds; null when unknown. */
  cpuNanos: number | null;
  memoryBytes: number | null;
};

/** One instance name's usage in one minute, as sampled by this runtime. */
export type InstanceMinute = {
  appId: string;
  instance: string;
  minute: number;
  /** CPU seconds used over `wallSeconds` of sampled time: their ratio is the CPU share. */
  cpuSeconds: number;
  wallSeconds: number;
  memorySumBytes: number;
  memoryMaxBytes: number;
  /** Memory readings summed in memorySumBytes. */
  samples: number;
};

const MAX_PENDING_MINUTES = 20_000;

/**
 * Turns periodic readings of each instance's cumulative CPU time and current memory into
 * per-minute usage per instance name. CPU needs two readings of one instance: the first only
 * sets where it starts counting from. During a deploy the old and the new `app.1` both run;
 * their usage adds up under the one name, which is what that slot costs at that time.
 */
export class InstanceMinutes {
  readonly buffer: MinuteBuffer<InstanceMinute>;
  private readonly previous = new Map<string, { cpuNanos: number; atMs: number }>();

  constructor(options: { maxPendingMinutes?: number } = {}) {
    this.buffer = new MinuteBuffer(options.maxPendingMinutes ?? MAX_PENDING_MINUTES);
  }

  /** One round of readings of every live instance, taken at `atMs`. */
  record(readings: UsageReading[], atMs: number): void {
    type Round = { reading: UsageReading; cpu: number; wall: number; memory: number | null };
    const rounds = new Map<string, Round>();
    for (const reading of readings) {
      const key = `${reading.appId} ${reading.instance}`;
      const round = rounds.get(key) ?? { reading, cpu: 0, wall: 0, memory: null };
      rounds.set(key, round);
      if (reading.memoryBytes !== null) round.memory = (round.memory ?? 0) + reading.memoryBytes;
      if (reading.cpuNanos === null) continue;
      const before = this.previous.get(reading.instanceId);
      this.previous.set(reading.instanceId, { cpuNanos: reading.cpuNanos, atMs });
      if (!before || atMs <= before.atMs) continue;
      // A counter that went back belongs to a restarted process tree: count from it again.
      const used = Math.max(0, reading.cpuNanos - before.cpuNanos) / 1e9;
      round.cpu += used;
      round.wall = Math.max(round.wall, (atMs - before.atMs) / 1000);
    }
    const live = new Set(readings.map((r) => r.instanceId));
    for (const id of this.previous.keys()) if (!live.has(id)) this.previous.delete(id);

    for (const { reading, cpu, wall, memory } of rounds.values()) {
      const minute = this.buffer.update(`${reading.appId} ${reading.instance}`, atMs, (start) => ({
        appId: reading.appId,
        instance: reading.instance,
        minute: start,
        cpuSeconds: 0,
        wallSeconds: 0,
        memorySumBytes: 0,
        memoryMaxBytes: 0,
        samples: 0,
      }));
      minute.cpuSeconds += cpu;
      minute.wallSeconds += wall;
      if (memory !== null) {
        minute.memorySumBytes += memory;
        minute.memoryMaxBytes = Math.max(minute.memoryMaxBytes, memory);
        minute.samples += 1;
      }
    }
  }
}
