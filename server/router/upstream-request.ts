import type { IncomingMessage, ServerResponse } from "node:http";
import { Pool, type Dispatcher } from "undici";
import type { Upstream } from "./route-table";

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

/** Request headers for the instance: the client's, minus hop-by-hop ones, plus X-Forwarded-*. */
function forwardHeaders(request: IncomingMessage): string[] {
  const raw = request.rawHeaders;
  const headers: string[] = [];
  let forwardedFor = "";
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? "";
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === "x-forwarded-for") {
      forwardedFor = `${raw[i + 1] ?? ""}, `;
      continue;
    }
    if (lower === "x-forwarded-proto" || lower === "x-forwarded-host") continue;
    headers.push(name, raw[i + 1] ?? "");
  }
  headers.push(
    "x-forwarded-for",
    `${forwardedFor}${request.socket.remoteAddress ?? ""}`,
    "x-forwarded-proto",
    "http",
    "x-forwarded-host",
    request.headers.host ?? "",
  );
  return headers;
}

export type UpstreamOutcome =
  | { kind: "answered"; status: number; bytes: number }
  /** Nothing reached the app (refused, reset before an answer): safe to retry if idempotent. */
  | { kind: "unreachable"; code: string }
  /** The app failed after answering began, or mid-request: the client gets a cut-off answer. */
  | { kind: "broken"; status: number | null };

/**
 * Keep-alive connection pools per instance (undici: far less overhead per request than
 * http.request), and one proxied exchange streamed both ways with back-pressure.
 */
export class UpstreamClients {
  private readonly pools = new Map<string, Pool>();

  private pool(upstream: Upstream): Pool {
    const key = upstream.socketPath ? `unix:${upstream.socketPath}` : `${upstream.host}:${upstream.port}`;
    let pool = this.pools.get(key);
    if (!pool) {
      const options = { connections: 128, keepAliveTimeout: 30_000, pipelining: 1 };
      pool = upstream.socketPath
        ? new Pool("http://localhost", { ...options, socketPath: upstream.socketPath })
        : new Pool(`http://${key}`, options);
      this.pools.set(key, pool);
    }
    return pool;
  }

  forward(
    upstream: Upstream,
    request: IncomingMessage,
    response: ServerResponse,
    hasBody: boolean,
  ): Promise<UpstreamOutcome> {
    return new Promise((resolve) => {
      let status: number | null = null;
      let bytes = 0;
      let abort: ((error?: Error) => void) | undefined;
      const handler: Dispatcher.DispatchHandlers = {
        onConnect: (abortRequest) => {
          abort = abortRequest;
        },
        onHeaders: (statusCode, rawHeaders, resume, statusText) => {
          if (statusCode < 200) return true;
          status = statusCode;
          const headers: string[] = [];
          for (let i = 0; i < rawHeaders.length; i += 2) {
            const name = rawHeaders[i]?.toString("latin1") ?? "";
            if (HOP_BY_HOP.has(name.toLowerCase())) continue;
            headers.push(name, rawHeaders[i + 1]?.toString("latin1") ?? "");
          }
          response.writeHead(statusCode, statusText, headers);
          response.on("drain", resume);
          return true;
        },
        onData: (chunk) => {
          bytes += chunk.length;
          return response.write(chunk);
        },
        onComplete: () => {
          response.end();
          resolve({ kind: "answered", status: status ?? 502, bytes });
        },
        onError: (error: Error & { code?: string }) => {
          if (status === null && !response.headersSent) {
            const code = error.code ?? "";
            const unreachable =
              code === "ECONNREFUSED" ||
              code === "ECONNRESET" ||
              code === "UND_ERR_SOCKET" ||
              code === "EPIPE";
            resolve(unreachable ? { kind: "unreachable", code } : { kind: "broken", status: null });
          } else {
            response.destroy();
            resolve({ kind: "broken", status });
          }
        },
      };
      this.pool(upstream).dispatch(
        {
          path: request.url ?? "/",
          method: (request.method ?? "GET") as Dispatcher.HttpMethod,
          headers: forwardHeaders(request),
          body: hasBody ? request : null,
          // Never let undici retry on its own: the router decides what is safe to retry.
          idempotent: false,
          headersTimeout: 300_000,
          bodyTimeout: 300_000,
        },
        handler,
      );
      // A client that goes away mid-answer must not keep the upstream exchange alive.
      response.on("close", () => {
        if (response.writableEnded) return;
        abort?.(new Error("The client went away."));
        resolve({ kind: "broken", status });
      });
    });
  }

  /** Drops the pool of an instance that is gone. */
  forget(upstream: Upstream): void {
    const key = `${upstream.host}:${upstream.port}`;
    void this.pools.get(key)?.destroy();
    this.pools.delete(key);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.destroy()));
    this.pools.clear();
  }
}
