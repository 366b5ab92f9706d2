import { liveLineBytes, type LiveBus, type LiveEvent, type LiveLogLine } from "./live-events";
import { LineRing } from "./line-ring";
import { PgLiveBus } from "./pg-live-bus";

/** Per app: about the last few thousand lines, enough to cover the store's batched writes. */
const RING_BYTES_PER_APP = 1024 * 1024;
/** All apps together: a machine with many chatty apps keeps the rings of the latest writers. */
const RING_BYTES_TOTAL = 32 * 1024 * 1024;

/**
 * The web process's end of the live bus: one LISTEN connection for all streams, and a short
 * memory of each app's newest lines, so a browser that reconnects resumes from its last id
 * even for lines the batched database write has not stored yet. The memory is bounded in bytes.
 */
export class LiveHub {
  // A Map iterates in insertion order: an app is moved to the end when it writes, so the first
  // entry is the app that wrote least recently, the one to forget when over the total.
  private readonly rings = new Map<string, LineRing<LiveLogLine>>();
  private ringBytes = 0;
  private readonly listeners = new Set<(event: LiveEvent) => void>();

  constructor(private readonly bus: LiveBus & { listen?: () => Promise<void> }) {
    bus.subscribe((event) => this.onEvent(event));
  }

  ready(): Promise<void> {
    return this.bus.listen?.() ?? Promise.resolve();
  }

  private onEvent(event: LiveEvent): void {
    if (event.kind === "log") {
      for (const line of event.lines) this.remember(line);
      while (this.ringBytes > RING_BYTES_TOTAL) {
        const [oldest, ring] = this.rings.entries().next().value ?? [];
        if (oldest === undefined || !ring) break;
        this.rings.delete(oldest);
        this.ringBytes -= ring.bytes;
      }
    }
    for (const listener of this.listeners) listener(event);
  }

  private remember(line: LiveLogLine): void {
    let ring = this.rings.get(line.appId);
    if (ring) this.rings.delete(line.appId);
    else ring = new LineRing(RING_BYTES_PER_APP, liveLineBytes);
    this.rings.set(line.appId, ring);
    const before = ring.bytes;
    ring.push(line);
    this.ringBytes += ring.bytes - before;
  }

  on(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lines of the app newer than `afterId` that this process has seen (possibly not stored yet). */
  recent(appId: string, afterId: bigint | null): LiveLogLine[] {
    const lines = this.rings.get(appId)?.lines() ?? [];
    return afterId === null ? lines : lines.filter((line) => BigInt(line.id) > afterId);
  }
}

const holder = globalThis as unknown as { thirtyLiveHub?: LiveHub };

/** One hub per process (route handlers and other modules may load this file separately). */
export function getLiveHub(): LiveHub {
  holder.thirtyLiveHub ??= new LiveHub(new PgLiveBus(process.env.DATABASE_URL ?? ""));
  return holder.thirtyLiveHub;
}
