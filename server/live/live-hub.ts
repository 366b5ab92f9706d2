import type { LiveBus, LiveEvent, LiveLogLine } from "./live-events";
import { PgLiveBus } from "./pg-live-bus";

const RING_PER_APP = 5000;
const MAX_APPS = 500;

/**
 * The web process's end of the live bus: one LISTEN connection for all streams, and a short
 * memory of each app's newest lines, so a browser that reconnects resumes from its last id
 * even for lines the batched database write has not stored yet.
 */
export class LiveHub {
  private readonly rings = new Map<string, LiveLogLine[]>();
  private readonly listeners = new Set<(event: LiveEvent) => void>();

  constructor(private readonly bus: LiveBus & { listen?: () => Promise<void> }) {
    bus.subscribe((event) => this.onEvent(event));
  }

  ready(): Promise<void> {
    return this.bus.listen?.() ?? Promise.resolve();
  }

  private onEvent(event: LiveEvent): void {
    if (event.kind === "log") {
      for (const line of event.lines) {
        let ring = this.rings.get(line.appId);
        if (!ring) {
          if (this.rings.size >= MAX_APPS) this.rings.delete(this.rings.keys().next().value ?? "");
          ring = [];
          this.rings.set(line.appId, ring);
        }
        ring.push(line);
        if (ring.length > RING_PER_APP * 1.2) ring.splice(0, ring.length - RING_PER_APP);
      }
    }
    for (const listener of this.listeners) listener(event);
  }

  on(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lines of the app newer than `afterId` that this process has seen (possibly not stored yet). */
  recent(appId: string, afterId: bigint | null): LiveLogLine[] {
    const ring = this.rings.get(appId) ?? [];
    return afterId === null ? ring.slice() : ring.filter((line) => BigInt(line.id) > afterId);
  }
}

const holder = globalThis as unknown as { thirtyLiveHub?: LiveHub };

/** One hub per process (route handlers and other modules may load this file separately). */
export function getLiveHub(): LiveHub {
  holder.thirtyLiveHub ??= new LiveHub(new PgLiveBus(process.env.DATABASE_URL ?? ""));
  return holder.thirtyLiveHub;
}
