import "server-only";

/** One app instance behind the router: a unix socket when it has one, else a loopback port. */
export type Upstream = { instanceId: string; host: string; port: number | null; socket?: string | null };

export type Route =
  | { appId: string; kind: "proxy"; upstreams: Upstream[]; staticDir?: string; mediaDir?: string }
  | { appId: string; kind: "static"; rootDir: string; mediaDir?: string };

export type RouteEntry = { hosts: string[]; route: Route };

/** Host name without port, lowercased: how requests are matched to apps. */
export function normaliseHost(host: string | undefined): string {
  return (host ?? "").replace(/:\d+$/, "").toLowerCase();
}

/**
 * The routes of this machine, kept in this process; the router renders them into its
 * configuration. A deploy replaces all hosts of an app in one call, so no configuration ever
 * holds half of a switch. `version` grows with every real change, so a caller can wait until
 * the router serves (at least) the table it just wrote.
 */
export class InMemoryRouteTable {
  private byApp = new Map<string, RouteEntry>();
  private readonly listeners = new Set<() => void>();
  version = 0;

  entries(): RouteEntry[] {
    return [...this.byApp.values()];
  }

  lookup(host: string): Route | undefined {
    const wanted = normaliseHost(host);
    return this.entries().find((entry) => entry.hosts.includes(wanted))?.route;
  }

  setRoute(hosts: string[], route: Route): void {
    const mine = [...new Set(hosts.map(normaliseHost))];
    const previous = this.byApp.get(route.appId);
    if (previous && JSON.stringify(previous) === JSON.stringify({ hosts: mine, route })) return;
    // A host belongs to one app: the latest claim wins, as it did when hosts were map keys.
    const next = new Map<string, RouteEntry>();
    for (const [appId, entry] of this.byApp) {
      if (appId === route.appId) continue;
      next.set(appId, { ...entry, hosts: entry.hosts.filter((h) => !mine.includes(h)) });
    }
    next.set(route.appId, { hosts: mine, route });
    this.byApp = next;
    this.changed();
  }

  removeRoute(appId: string): void {
    if (!this.byApp.has(appId)) return;
    this.byApp = new Map([...this.byApp].filter(([id]) => id !== appId));
    this.changed();
  }

  /** Called after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
