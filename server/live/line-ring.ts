/**
 * The newest items that fit in `limit` bytes (as `sizeOf` counts them), oldest dropped first.
 * Dropping is amortised: the array is compacted once its dropped head is as large as the rest.
 */
export class LineRing<T> {
  // Dropped slots are cleared at once (their items freed); the array is compacted later.
  private items: (T | undefined)[] = [];
  private head = 0;
  bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly sizeOf: (item: T) => number,
  ) {}

  push(item: T): void {
    this.items.push(item);
    this.bytes += this.sizeOf(item);
    while (this.bytes > this.limit && this.head < this.items.length - 1) {
      const dropped = this.items[this.head];
      if (dropped !== undefined) this.bytes -= this.sizeOf(dropped);
      this.items[this.head] = undefined;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** The items kept, oldest first (a copy). */
  lines(): T[] {
    return this.items.slice(this.head) as T[];
  }
}
