/**
 * Fixed-window counters behind an interface: PostgreSQL in the platform (every web
 * process counts against the same limits), memory for unit tests.
 */
export type WindowCount = { count: number; resetsAt: Date };

export interface RateLimitStore {
  /** The count of `key` in its current window (0 when none is open). */
  peek(key: string, windowMs: number): Promise<WindowCount>;
  /** Adds one to `key` (opening a new window if the last one ended) and returns the count. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async peek(key: string, windowMs: number): Promise<WindowCount> {
    const open = this.windows.get(key);
    const now = this.now();
    if (!open || open.start + windowMs <= now) return { count: 0, resetsAt: new Date(now + windowMs) };
    return { count: open.count, resetsAt: new Date(open.start + windowMs) };
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    const open = this.windows.get(key);
    const window = !open || open.start + windowMs <= now ? { start: now, count: 0 } : open;
    window.count += 1;
    this.windows.set(key, window);
    return { count: window.count, resetsAt: new Date(window.start + windowMs) };
  }
}
