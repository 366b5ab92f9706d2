import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiClient } from "./api-client";
import { followLogs } from "./follow-logs";

type Seen = { url: string; lastEventId?: string; authorization?: string };

const line = (n: number) =>
  JSON.stringify({
    message: `line ${n}`,
    program: "gunicorn",
    severity: "Info",
    timestamp: "2026-01-01T00:00:00Z",
  });

let server: http.Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  vi.restoreAllMocks();
});

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void) {
  const seen: Seen[] = [];
  server = http.createServer((req, res) => {
    seen.push({
      url: req.url ?? "",
      lastEventId: req.headers["last-event-id"] as string | undefined,
      authorization: req.headers.authorization,
    });
    handler(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const api = new ApiClient({
    uri: `http://127.0.0.1:${port}`,
    api: "0.9",
    account: "acme",
    username: "ann",
    password: "pw",
  });
  return { api, seen };
}

function captureStdout(): string[] {
  const out: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  return out;
}

describe("[CLI] logs --follow", () => {
  it("resumes a dropped stream with Last-Event-ID, printing every line once", async () => {
    const stop = new AbortController();
    const { api, seen } = await serve((_req, res, n) => {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      if (n === 1) {
        // Two lines, then the connection drops.
        res.end(`id: 1\nevent: message\ndata: ${line(1)}\n\nid: 2\nevent: message\ndata: ${line(2)}\n\n`);
      } else {
        res.write(`id: 3\nevent: message\ndata: ${line(3)}\n\n`);
        setTimeout(() => stop.abort(), 50);
      }
    });
    const out = captureStdout();
    await followLogs({
      api,
      app: "blog",
      processes: ["gunicorn"],
      limit: 5,
      raw: false,
      signal: stop.signal,
    });
    expect(seen.map((s) => s.lastEventId)).toEqual([undefined, "2"]);
    expect(seen[0]?.url).toBe("/0.9/acme/app/blog/logs?limit=5&process=gunicorn&follow=1");
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from("ann:pw").toString("base64")}`);
    expect(out.join("")).toBe(
      ["line 1", "line 2", "line 3"].map((m) => `2026-01-01T00:00:00Z gunicorn   Info    ${m}\n`).join(""),
    );
  });

  it("polls the plain Logs API when the server does not stream", async () => {
    const stop = new AbortController();
    const { api, seen } = await serve((_req, res, n) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const messages = n === 1 ? [line(1)] : [line(1), line(2)];
      res.end(`{"messages": [${messages.join(",")}]}`);
      if (n === 3) stop.abort();
    });
    const out = captureStdout();
    await followLogs({ api, app: "blog", processes: ["gunicorn"], limit: 5, raw: true, signal: stop.signal });
    expect(seen.length).toBe(3);
    expect(seen[1]?.url).toBe("/0.9/acme/app/blog/logs?limit=5&process=gunicorn");
    expect(
      out
        .join("")
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { message: string }).message),
    ).toEqual(["line 1", "line 2"]);
  }, 15_000);

  it("stops at an API refusal instead of retrying forever", async () => {
    const { api } = await serve((_req, res) => {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end('{"code": 404, "error": "App not found."}');
    });
    await expect(
      followLogs({
        api,
        app: "nope",
        processes: ["nginx"],
        limit: 5,
        raw: false,
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow("App not found. (404)");
  });
});
