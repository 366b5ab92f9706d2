import type { Upstream } from "./route-table";

const DOWN_FOR_MS = 2000;

/**
 * Round-robin over an app's upstreams, skipping ones that refused a connection recently
 * (passive health) and ones being drained after a switch. Counts requests in flight per
 * instance so a deploy can wait for the old instances to finish their work.
 */
export class UpstreamPool {
  private cursor = 0;
  private readonly downUntil = new Map<string, number>();
  private readonly draining = new Set<string>();
  private readonly inFlight = new Map<string, number>();
  private readonly drainWaiters = new Map<string, (() => void)[]>();

  pick(upstreams: Upstream[], exclude: ReadonlySet<string> = new Set()): Upstream | undefined {
    const now = Date.now();
    for (let i = 0; i < upstreams.length; i++) {
      const candidate = upstreams[(this.cursor + i) % upstreams.length];
      if (!candidate || exclude.has(candidate.instanceId) || this.draining.has(candidate.instanceId))
        continue;
      if ((this.downUntil.get(candidate.instanceId) ?? 0) > now) continue;
      this.cursor = (this.cursor + i + 1) % upstreams.length;
      return candidate;
    }
    return undefined;
  }

  markDown(instanceId: string): void {
    this.downUntil.set(instanceId, Date.now() + DOWN_FOR_MS);
  }

  markDraining(instanceId: string): void {
    this.draining.add(instanceId);
  }

  begin(instanceId: string): void {
    this.inFlight.set(instanceId, (this.inFlight.get(instanceId) ?? 0) + 1);
  }

  end(instanceId: string): void {
    const left = (this.inFlight.get(instanceId) ?? 1) - 1;
    if (left > 0) {
      this.inFlight.set(instanceId, left);
      return;
    }
    this.inFlight.delete(instanceId);
    for (const resolve of this.drainWaiters.get(instanceId) ?? []) resolve();
    this.drainWaiters.delete(instanceId);
  }

  /** Resolves true when no request to the instance is in flight, false on timeout. */
  waitForDrain(instanceId: string, timeoutMs: number): Promise<boolean> {
    if (!this.inFlight.get(instanceId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const waiters = this.drainWaiters.get(instanceId) ?? [];
      waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.drainWaiters.set(instanceId, waiters);
    });
  }
}
