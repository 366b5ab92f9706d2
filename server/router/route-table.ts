/** socketPath: a sandboxed instance's unix socket (host and port are then unused). */
export type Upstream = { instanceId: string; host: string; port: number; socketPath?: string };

export type Route =
  | { appId: string; kind: "proxy"; upstreams: Upstream[]; staticDir?: string; mediaDir?: string }
  | { appId: string; kind: "static"; rootDir: string; mediaDir?: string };

export interface RouteTable {
  lookup(host: string): Route | undefined;
}

/** Host name without port, lowercased: how requests are matched to apps. */
export function normaliseHost(host: string | undefined): string {
  return (host ?? "").replace(/:\d+$/, "").toLowerCase();
}

/**
 * Routes kept in this process. A deploy replaces all hosts of an app in one call, so no
 * request sees half of a switch. (Several router processes would feed their own tables
 * from the database; the router itself does not care where routes come from.)
 */
export class InMemoryRouteTable implements RouteTable {
  private byHost = new Map<string, Route>();

  lookup(host: string): Route | undefined {
    return this.byHost.get(normaliseHost(host));
  }

  setRoute(hosts: string[], route: Route): void {
    const next = new Map([...this.byHost].filter(([, r]) => r.appId !== route.appId));
    for (const host of hosts) next.set(normaliseHost(host), route);
    this.byHost = next;
  }

  removeRoute(appId: string): void {
    this.byHost = new Map([...this.byHost].filter(([, r]) => r.appId !== appId));
  }
}
