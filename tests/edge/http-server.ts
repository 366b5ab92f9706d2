import http from "node:http";
import type { AddressInfo } from "node:net";
import { CLIENT_ADDRESS_STAMPED_ENV } from "@/server/edge/client-address";
import { edgeGate } from "@/server/edge/edge-gate";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import * as uploadRoute from "@/app/api/uploads/[app]/route";
import { handleRestRequest } from "@/server/rest/router";

/**
 * The platform's HTTP front without Next.js's page machinery: the same gate as
 * scripts/next-server.ts in front of the real route handlers, over a real socket, bodies
 * streamed to the handlers as Next.js streams them (no buffering before the handler).
 */
export async function startEdgeServer(): Promise<{ port: number; close: () => Promise<void> }> {
  process.env[CLIENT_ADDRESS_STAMPED_ENV] = "1";
  const server = http.createServer((req, res) => {
    if (edgeGate(req, res)) return;
    void dispatch(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  const { port } = server.address() as AddressInfo;

  async function dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const method = req.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD";
    const request = new Request(`http://localhost:3000${req.url ?? "/"}`, {
      method,
      headers,
      // The IncomingMessage itself, as Next.js hands it to undici: read as an async iterator.
      body: hasBody ? (req as unknown as ReadableStream<Uint8Array>) : undefined,
      duplex: "half",
    } as RequestInit);
    const path = req.url ?? "/";
    let response: Response;
    try {
      if (path.startsWith("/0.9/")) response = await handleRestRequest(request);
      else if (path.startsWith("/api/trpc/"))
        response = await (method === "POST" ? trpcRoute.POST : trpcRoute.GET)(request);
      else if (path.startsWith("/api/uploads/") && method === "POST") {
        const app = decodeURIComponent(path.slice("/api/uploads/".length).split(/[/?]/)[0] ?? "");
        response = await uploadRoute.POST(request, { params: Promise.resolve({ app }) });
      } else if (path.startsWith("/api/auth/"))
        response = await (method === "POST" ? authRoute.POST : authRoute.GET)(request);
      else response = new Response("page\n", { status: 200 });
    } catch (error) {
      response = new Response(String(error), { status: 500 });
    }
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => (out[name] = value));
    res.writeHead(response.status, out);
    if (response.body)
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  }

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; sentBytes: number };

/**
 * One request over a fresh connection from `from` (any 127.x.y.z: a distinct client
 * address), streaming `size` bytes in 64 KiB chunks when asked; resolves with the answer and
 * how much had been sent when it came.
 */
export function send(
  port: number,
  options: {
    method?: string;
    path: string;
    from?: string;
    headers?: Record<string, string>;
    body?: string;
    stream?: number;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const request = http.request({
      host: "127.0.0.1",
      port,
      method: options.method ?? "GET",
      path: options.path,
      localAddress: options.from,
      headers: options.headers,
      agent: false,
    });
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
          sentBytes,
        }),
      );
    });
    // The server may close while we still upload: that is the point, not a failure.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (options.stream) {
      const chunk = Buffer.alloc(64 * 1024, "a");
      const total = options.stream;
      const pump = () => {
        while (!answered && sentBytes < total) {
          sentBytes += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", pump);
        }
        request.end();
      };
      pump();
    } else {
      request.end(options.body);
    }
  });
}
