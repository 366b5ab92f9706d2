export type QueueEntry<T> =
  { kind: "item"; value: T } | { kind: "skipped"; count: number; first: T; last: T };

/**
 * A bounded queue between a producer that must never wait (the live bus) and one consumer
 * (a stream to a browser). When what the consumer has not taken yet would exceed `limit`
 * (measured by `sizeOf`: bytes for log lines, so a flood of long lines is bounded like one of
 * short ones; 1 per item by default), new items are only counted, in place, as one "skipped"
 * entry: a slow browser cannot grow the server's memory, and the stream still tells it exactly
 * which lines it did not get.
 */
export class BoundedQueue<T> {
  private entries: QueueEntry<T>[] = [];
  private size = 0;
  private waiter: (() => void) | undefined;

  constructor(
    private readonly limit: number,
    private readonly sizeOf: (value: T) => number = () => 1,
  ) {}

  push(value: T): void {
    const tail = this.entries.at(-1);
    const size = this.sizeOf(value);
    // Once skipping, keep skipping until the consumer takes: the gap stays one entry.
    if (tail?.kind !== "skipped" && this.size + size <= this.limit) {
      this.entries.push({ kind: "item", value });
      this.size += size;
    } else if (tail?.kind === "skipped") {
      tail.count++;
      tail.last = value;
    } else this.entries.push({ kind: "skipped", count: 1, first: value, last: value });
    this.waiter?.();
  }

  /** Ends the consumer's current wait even with nothing queued (it has other work to look at). */
  wake(): void {
    this.waiter?.();
  }

  /**
   * What is queued, in order, after waiting for at least one entry (or the abort, a wake(), or
   * `timeoutMs` when given: then the answer may be empty).
   */
  async take(signal: AbortSignal | undefined, timeoutMs?: number): Promise<QueueEntry<T>[]> {
    if (this.entries.length === 0 && !signal?.aborted) {
      let onAbort: (() => void) | undefined;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        onAbort = () => resolve();
        signal?.addEventListener("abort", onAbort, { once: true });
        if (timeoutMs !== undefined) timer = setTimeout(resolve, timeoutMs);
      });
      // A long stream waits thousands of times: each wait must take its listener with it.
      if (onAbort) signal?.removeEventListener("abort", onAbort);
      clearTimeout(timer);
      this.waiter = undefined;
    }
    const entries = this.entries;
    this.entries = [];
    this.size = 0;
    return entries;
  }
}
