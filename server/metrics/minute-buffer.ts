export const MINUTE_MS = 60_000;

export function minuteStart(atMs: number): number {
  return Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
}

type Entry<T> = { value: T; minute: number; dirty: boolean };

/**
 * Per-minute aggregates waiting for the database. Every minute changed since the last write
 * is written again whole (rows are overwritten, so a write that is retried or repeated counts
 * nothing twice); a minute is forgotten once it is over and written. While the database is
 * unreachable, at most `maxEntries` aggregates are kept and the oldest minutes go first.
 */
export class MinuteBuffer<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Aggregates dropped because the database could not take them in time. */
  dropped = 0;

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The aggregate for `key` in the minute of `atMs`, created when new; marked for writing. */
  update(key: string, atMs: number, create: (minute: number) => T): T {
    const minute = minuteStart(atMs);
    const id = `${minute} ${key}`;
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { value: create(minute), minute, dirty: true };
      this.entries.set(id, entry);
      this.bound();
    }
    entry.dirty = true;
    return entry.value;
  }

  /**
   * Copies of every aggregate changed since the last take, to be written. Minutes over before
   * `nowMs` leave the buffer: `restore` puts them back if the write fails.
   */
  take(nowMs: number): { id: string; minute: number; value: T }[] {
    const current = minuteStart(nowMs);
    const taken: { id: string; minute: number; value: T }[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.dirty) {
        taken.push({ id, minute: entry.minute, value: structuredClone(entry.value) });
        entry.dirty = false;
      }
      if (entry.minute < current && !entry.dirty) this.entries.delete(id);
    }
    return taken;
  }

  /** A write failed: its aggregates are written again next time (newer changes win). */
  restore(taken: { id: string; minute: number; value: T }[]): void {
    for (const item of taken) {
      const entry = this.entries.get(item.id);
      if (entry) entry.dirty = true;
      else this.entries.set(item.id, { value: item.value, minute: item.minute, dirty: true });
    }
    this.bound();
  }

  private bound(): void {
    if (this.entries.size <= this.maxEntries) return;
    const oldest = [...this.entries.entries()].sort((a, b) => a[1].minute - b[1].minute);
    for (const [id] of oldest.slice(0, this.entries.size - this.maxEntries)) {
      this.entries.delete(id);
      this.dropped += 1;
    }
  }
}
