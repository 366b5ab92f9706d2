import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { combinedLogLine } from "./access-log";
import { sendErrorPage } from "./error-pages";
import type { Route, RouteTable, Upstream } from "./route-table";
import { sendStaticFile } from "./static-files";
import { UpstreamPool } from "./upstream-pool";

export type AccessLogEntry = { appId: string | null; status: number; line: string };

export type RouterOptions = {
  port: number;
  host?: string;
  table: RouteTable;
  pool?: UpstreamPool;
  onAccessLog?: (entry: AccessLogEntry) => void;
};

export type RunningRouter = { port: number; pool: UpstreamPool; close: () => Promise<void> };

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);

function forwardHeaders(request: IncomingMessage): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers))
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  const remote = request.socket.remoteAddress ?? "";
  const prior = request.headers["x-forwarded-for"];
  headers["x-forwarded-for"] = prior ? `${String(prior)}, ${remote}` : remote;
  headers["x-forwarded-proto"] = "http";
  headers["x-forwarded-host"] = request.headers.host ?? "";
  return headers;
}

/** The platform's HTTP load balancer: Host → an app's healthy instances (or its files). */
export async function startRouter(options: RouterOptions): Promise<RunningRouter> {
  const pool = options.pool ?? new UpstreamPool();
  // Keep-alive to instances: a new TCP connection per request would halve throughput.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });

  function log(request: IncomingMessage, appId: string | null, status: number, bytes: number) {
    options.onAccessLog?.({ appId, status, line: combinedLogLine(request, status, bytes, new Date()) });
  }

  function proxy(
    request: IncomingMessage,
    response: ServerResponse,
    route: Extract<Route, { kind: "proxy" }>,
    tried: Set<string>,
  ) {
    const upstream: Upstream | undefined = pool.pick(route.upstreams, tried);
    if (!upstream) return log(request, route.appId, 503, sendErrorPage(response, 503));
    tried.add(upstream.instanceId);
    pool.begin(upstream.instanceId);
    let finished = false;
    const done = () => {
      if (!finished) {
        finished = true;
        pool.end(upstream.instanceId);
      }
    };
    const outgoing = http.request(
      {
        host: upstream.host,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: forwardHeaders(request),
        agent,
      },
      (incoming) => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(incoming.headers))
          if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
        response.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, headers);
        let bytes = 0;
        incoming.on("data", (chunk: Buffer) => (bytes += chunk.length));
        incoming.pipe(response);
        incoming.on("end", () => {
          done();
          log(request, route.appId, incoming.statusCode ?? 502, bytes);
        });
        incoming.on("error", () => {
          done();
          response.destroy();
        });
      },
    );
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      done();
      const refused = error.code === "ECONNREFUSED" || error.code === "ECONNRESET";
      if (refused) pool.markDown(upstream.instanceId);
      // A refused connection never reached the app: an idempotent request may go elsewhere.
      if (refused && !response.headersSent && IDEMPOTENT.has(request.method ?? ""))
        return proxy(request, response, route, tried);
      if (!response.headersSent) log(request, route.appId, 502, sendErrorPage(response, 502));
      else response.destroy();
    });
    if (IDEMPOTENT.has(request.method ?? "") && tried.size > 1) outgoing.end();
    else request.pipe(outgoing);
  }

  async function serveFiles(
    request: IncomingMessage,
    response: ServerResponse,
    route: Route,
  ): Promise<boolean> {
    const url = request.url ?? "/";
    const roots: [string, string | undefined][] = [
      ["/media/", route.mediaDir],
      ["/static/", route.kind === "proxy" ? route.staticDir : undefined],
    ];
    for (const [prefix, dir] of roots) {
      if (dir && url.startsWith(prefix)) {
        const bytes = await sendStaticFile(request, response, dir, url.slice(prefix.length - 1));
        log(
          request,
          route.appId,
          bytes === null ? 404 : response.statusCode,
          bytes ?? sendErrorPage(response, 404),
        );
        return true;
      }
    }
    if (route.kind === "static") {
      const bytes = await sendStaticFile(request, response, route.rootDir, url);
      log(
        request,
        route.appId,
        bytes === null ? 404 : response.statusCode,
        bytes ?? sendErrorPage(response, 404),
      );
      return true;
    }
    return false;
  }

  const server = http.createServer((request, response) => {
    const route = options.table.lookup(request.headers.host ?? "");
    if (!route) return log(request, null, 404, sendErrorPage(response, 404));
    void serveFiles(request, response, route).then((served) => {
      if (!served && route.kind === "proxy") proxy(request, response, route, new Set());
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "0.0.0.0", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    pool,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
