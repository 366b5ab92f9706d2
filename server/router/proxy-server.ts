import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { combinedLogLine } from "./access-log";
import { sendErrorPage } from "./error-pages";
import type { Route, RouteTable, Upstream } from "./route-table";
import { sendStaticFile } from "./static-files";
import { UpstreamPool } from "./upstream-pool";
import { UpstreamClients } from "./upstream-request";

export type AccessLogEntry = { appId: string | null; status: number; line: string };

export type RouterOptions = {
  port: number;
  host?: string;
  table: RouteTable;
  pool?: UpstreamPool;
  onAccessLog?: (entry: AccessLogEntry) => void;
};

export type RunningRouter = { port: number; pool: UpstreamPool; close: () => Promise<void> };

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether the client sends a body the instance must receive. */
function hasRequestBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
}

type FileTarget = { dir: string; path: string };

/** The directory that answers this URL for the route, or null when its instances do. */
function fileTarget(route: Route, url: string): FileTarget | null {
  if (route.mediaDir && url.startsWith("/media/"))
    return { dir: route.mediaDir, path: url.slice("/media".length) };
  if (route.kind === "proxy" && route.staticDir && url.startsWith("/static/"))
    return { dir: route.staticDir, path: url.slice("/static".length) };
  if (route.kind === "static") return { dir: route.rootDir, path: url };
  return null;
}

/** The platform's HTTP load balancer: Host → an app's healthy instances (or its files). */
export async function startRouter(options: RouterOptions): Promise<RunningRouter> {
  const pool = options.pool ?? new UpstreamPool();
  const clients = new UpstreamClients();

  function log(request: IncomingMessage, appId: string | null, status: number, bytes: number) {
    options.onAccessLog?.({ appId, status, line: combinedLogLine(request, status, bytes, new Date()) });
  }

  function proxy(
    request: IncomingMessage,
    response: ServerResponse,
    route: Extract<Route, { kind: "proxy" }>,
    tried: Set<string>,
  ): void {
    const upstream: Upstream | undefined = pool.pick(route.upstreams, tried);
    if (!upstream) return log(request, route.appId, 503, sendErrorPage(response, 503));
    tried.add(upstream.instanceId);
    pool.begin(upstream.instanceId);
    const body = hasRequestBody(request);
    void clients.forward(upstream, request, response, body).then((outcome) => {
      pool.end(upstream.instanceId);
      if (outcome.kind === "answered") return log(request, route.appId, outcome.status, outcome.bytes);
      if (outcome.kind === "unreachable") {
        pool.markDown(upstream.instanceId);
        // Nothing reached the app: an idempotent request without a body may go elsewhere.
        if (!body && IDEMPOTENT.has(request.method ?? "")) return proxy(request, response, route, tried);
      }
      if (!response.headersSent) log(request, route.appId, 502, sendErrorPage(response, 502));
      else {
        response.destroy();
        log(request, route.appId, outcome.kind === "broken" ? (outcome.status ?? 502) : 502, 0);
      }
    });
  }

  async function serveFile(
    request: IncomingMessage,
    response: ServerResponse,
    appId: string,
    target: FileTarget,
  ) {
    const bytes = await sendStaticFile(request, response, target.dir, target.path);
    log(request, appId, bytes === null ? 404 : response.statusCode, bytes ?? sendErrorPage(response, 404));
  }

  const server = http.createServer((request, response) => {
    const route = options.table.lookup(request.headers.host ?? "");
    if (!route) return log(request, null, 404, sendErrorPage(response, 404));
    // Proxied requests, the common case, take no detour through the file system.
    const target = fileTarget(route, request.url ?? "/");
    if (target) void serveFile(request, response, route.appId, target);
    else if (route.kind === "proxy") proxy(request, response, route, new Set());
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "0.0.0.0", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    pool,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        void clients.close();
        server.close(() => resolve());
      }),
  };
}
