import { appendFile, chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/server/platform/free-port";
import type { AccessLogEntry } from "@/server/router/access-log";
import { startNginxRouter, type NginxRouter } from "@/server/router/nginx/nginx-router";
import { InMemoryRouteTable, type Route, type Upstream } from "@/server/router/route-table";

let dir: string;
let table: InMemoryRouteTable;
let router: NginxRouter;
const logs: AccessLogEntry[] = [];
const problems: string[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thirty-router-"));
  // The workers run as another user when the tests run as root: they pass through, like the data dir.
  await chmod(dir, 0o711);
  table = new InMemoryRouteTable();
  router = await startNginxRouter({
    port: await findFreePort(),
    host: "127.0.0.1",
    prefix: path.join(dir, "router"),
    table,
    onAccessLog: (entry) => logs.push(entry),
    log: (message) => problems.push(message),
  });
});
afterAll(async () => {
  await router?.close();
  for (const close of closers) await close();
  await rm(dir, { recursive: true, force: true });
});

async function route(hosts: string[], value: Route): Promise<void> {
  table.setRoute(hosts, value);
  expect(await router.settle()).toBe(true);
}

type TestUpstream = Upstream & { hits: string[] };

/** A Node upstream on a loopback port, or on a unix socket when `socket` is set. */
async function upstream(
  name: string,
  handler?: http.RequestListener,
  socket?: string,
): Promise<TestUpstream> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (handler) return handler(req, res);
    res.end(`${name} ${req.headers.host} ${req.headers["x-forwarded-for"]}`);
  });
  await new Promise<void>((resolve) =>
    socket ? server.listen(socket, resolve) : server.listen(0, "127.0.0.1", resolve),
  );
  // nginx's workers are another user here; the sandbox gives them access through a group.
  if (socket) await chmod(socket, 0o777);
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const port = socket ? null : (server.address() as AddressInfo).port;
  return { instanceId: name, host: "127.0.0.1", port, socket: socket ?? null, hits };
}

type Answer = { status: number; body: string };

function request(host: string, urlPath = "/", method = "GET", body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: router.port, path: urlPath, method, headers: { Host: host }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
        res.on("aborted", () => reject(new Error("answer cut off")));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Raw bytes in, whatever comes back until the router closes (or 3 s pass). */
function raw(bytes: string | Buffer, options: { closeAfterAnswer?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(router.port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    const timer = setTimeout(() => socket.destroy(), 3000);
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      // Like curl: gone as soon as the answer is complete.
      if (options.closeAfterAnswer && /\r\n\r\n[\s\S]*\S/.test(text)) socket.destroy();
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on("error", () => undefined);
  });
}

async function waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("[ROUTER] nginx: routing by host", () => {
  it("sends each app's hosts to its own instances only", async () => {
    const a = await upstream("a");
    const b = await upstream("b");
    await route(["one-acme.localhost", "www.one.example"], { appId: "one", kind: "proxy", upstreams: [a] });
    await route(["two-acme.localhost"], { appId: "two", kind: "proxy", upstreams: [b] });
    for (let i = 0; i < 3; i++) {
      expect((await request("two-acme.localhost")).body).toMatch(/^b two-acme\.localhost 127\.0\.0\.1/);
      expect((await request("One-Acme.localhost:8080")).body).toMatch(/^a one-acme\.localhost/);
      expect((await request("www.one.example")).body).toMatch(/^a www\.one\.example/);
    }
    expect(b.hits).toHaveLength(3);
    expect(a.hits).toHaveLength(6);
  });

  it("round-robins over two instances, one of them on a unix socket", async () => {
    const a = await upstream("a");
    const b = await upstream("b", undefined, path.join(dir, "b.sock"));
    await route(["rr-acme.localhost"], { appId: "rr", kind: "proxy", upstreams: [a, b] });
    const bodies: string[] = [];
    for (let i = 0; i < 6; i++) bodies.push((await request("rr-acme.localhost")).body.split(" ")[0] ?? "");
    expect(bodies.filter((body) => body === "a")).toHaveLength(3);
    expect(bodies.filter((body) => body === "b")).toHaveLength(3);
  });

  it("answers 404 for an unknown host and 503 when no instance is healthy, with the platform's pages", async () => {
    const unknown = await request("nobody.localhost");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain("No app is served at this address");
    await route(["down-acme.localhost"], { appId: "down", kind: "proxy", upstreams: [] });
    const down = await request("down-acme.localhost");
    expect(down.status).toBe(503);
    expect(down.body).toContain("The app is not running");
  });

  it("never routes a hostile CNAME, and keeps serving the app's other hosts", async () => {
    const a = await upstream("a");
    await route(["safe-acme.localhost", "evil.com; include /etc/shadow", "x.com\n}"], {
      appId: "cname",
      kind: "proxy",
      upstreams: [a],
    });
    expect((await request("safe-acme.localhost")).status).toBe(200);
    expect(problems.some((p) => p.includes("evil.com; include /etc/shadow"))).toBe(true);
    expect((await request("evil.com")).status).toBe(404);
  });
});

describe("[ROUTER] nginx: failing instances and hostile clients", () => {
  it("retries a GET on another instance when one refuses connections", async () => {
    const dead = await upstream("dead");
    await closers.pop()?.();
    const live = await upstream("live");
    await route(["retry-acme.localhost"], { appId: "retry", kind: "proxy", upstreams: [dead, live] });
    for (let i = 0; i < 4; i++) expect((await request("retry-acme.localhost")).body).toMatch(/^live /);
  });

  it("never sends a POST an instance dropped to another instance: the client gets 502", async () => {
    const dropping = await upstream("drop", (req) => req.socket.destroy());
    const live = await upstream("live", (req, res) => req.resume().on("end", () => res.end("live")));
    await route(["post-acme.localhost"], { appId: "post", kind: "proxy", upstreams: [dropping, live] });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await request("post-acme.localhost", "/", "POST", "payload")).status);
    expect(dropping.hits.length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 502)).toHaveLength(dropping.hits.length);
    expect(live.hits).toHaveLength(4 - dropping.hits.length);
    // A GET the same instance drops goes on to the other one.
    expect(await request("post-acme.localhost")).toEqual({ status: 200, body: "live" });
  });

  it("takes POST bodies, small and large, from clients that leave right after the answer", async () => {
    const echo = await upstream("echo", (req, res) => {
      let length = 0;
      req.on("data", (chunk: Buffer) => (length += chunk.length));
      req.on("end", () => res.end(`got ${length}`));
    });
    await route(["body-acme.localhost"], { appId: "body", kind: "proxy", upstreams: [echo] });
    for (let i = 0; i < 10; i++) {
      const answer = await raw(
        "POST /form HTTP/1.1\r\nHost: body-acme.localhost\r\nContent-Length: 5\r\n\r\nhello",
        { closeAfterAnswer: true },
      );
      expect(answer).toMatch(/^HTTP\/1\.1 200[\s\S]*got 5$/);
    }
    // Bigger than nginx's in-memory buffer: the body goes through its temp dir.
    const big = Buffer.alloc(3 * 1024 * 1024, 120);
    expect(await request("body-acme.localhost", "/upload", "POST", big)).toEqual({
      status: 200,
      body: `got ${big.length}`,
    });
    expect(echo.hits).toHaveLength(11);
  });

  it("survives an instance dying mid-request: the client gets a 502 or a cut answer, the next request works", async () => {
    const flaky = await upstream("flaky", (req, res) => {
      if (req.url === "/die-before") return req.socket.destroy();
      if (req.url === "/die-during") {
        res.writeHead(200, { "Content-Length": "100000" });
        res.write("partial");
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.end("fine");
    });
    await route(["flaky-acme.localhost"], { appId: "flaky", kind: "proxy", upstreams: [flaky] });
    const before = await request("flaky-acme.localhost", "/die-before");
    expect(before.status).toBe(502);
    expect(before.body).toContain("The app did not answer properly");
    await expect(request("flaky-acme.localhost", "/die-during")).rejects.toThrow();
    expect(await request("flaky-acme.localhost", "/")).toEqual({ status: 200, body: "fine" });
  });

  it("answers garbage and a 64 KB header with 400, and goes on serving", async () => {
    const a = await upstream("a");
    await route(["junk-acme.localhost"], { appId: "junk", kind: "proxy", upstreams: [a] });
    expect(await raw(Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]))).toMatch(/^HTTP\/1\.1 400 /);
    expect(
      await raw("GET / HTTP/1.1\r\nHost: junk-acme.localhost\r\nX-Big: " + "a".repeat(65536) + "\r\n\r\n"),
    ).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(a.hits).toHaveLength(0);
    expect((await request("junk-acme.localhost")).status).toBe(200);
  });

  it("keeps serving others while a client sends its headers byte by byte", async () => {
    const a = await upstream("a");
    await route(["slow-acme.localhost"], { appId: "slow", kind: "proxy", upstreams: [a] });
    const slow = net.connect(router.port, "127.0.0.1");
    let slowAnswer = "";
    slow.on("data", (chunk) => (slowAnswer += chunk.toString()));
    const head = "GET /slow HTTP/1.1\r\nHost: slow-acme.localhost\r\nConnection: close\r\n\r\n";
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < head.length) slow.write(head[sent++] ?? "");
    }, 30);
    try {
      for (let i = 0; i < 20; i++) expect((await request("slow-acme.localhost")).status).toBe(200);
      expect(sent).toBeLessThan(head.length);
      await waitFor(() => slowAnswer.startsWith("HTTP/1.1 200"), "the slow client's answer", 10_000);
    } finally {
      clearInterval(drip);
      slow.destroy();
    }
  });
});

describe("[ROUTER] nginx: files", () => {
  let files: string;
  beforeAll(async () => {
    files = path.join(dir, "files");
    for (const sub of ["site/docs", "static/css", "media", "other/static"])
      await mkdir(path.join(files, sub), { recursive: true });
    await writeFile(path.join(files, "site/index.html"), "<h1>home</h1>");
    await writeFile(path.join(files, "site/docs/index.html"), "docs");
    await writeFile(path.join(files, "static/css/app.css"), "body{}");
    await writeFile(path.join(files, "media/photo.txt"), "uploaded");
    await writeFile(path.join(files, "secret.txt"), "do not serve");
    await writeFile(path.join(files, "other/static/private.txt"), "another app's file");
    await symlink(path.join(files, "secret.txt"), path.join(files, "static/link.txt"));
    await symlink("/etc/passwd", path.join(files, "static/passwd"));
    await symlink(path.join(files, "other/static/private.txt"), path.join(files, "static/theirs.txt"));
    await symlink(path.join(files, "other/static"), path.join(files, "static/dir"));
    await symlink("/etc", path.join(files, "media/etc"));
    await symlink(path.join(files, "secret.txt"), path.join(files, "site/link.html"));
  });

  it("serves /static/ and /media/ beside the app and refuses every escape and every symlink", async () => {
    const a = await upstream("a");
    await route(["files-acme.localhost"], {
      appId: "files",
      kind: "proxy",
      upstreams: [a],
      staticDir: path.join(files, "static"),
      mediaDir: path.join(files, "media"),
    });
    expect(await request("files-acme.localhost", "/static/css/app.css")).toEqual({
      status: 200,
      body: "body{}",
    });
    expect(await request("files-acme.localhost", "/media/photo.txt")).toEqual({
      status: 200,
      body: "uploaded",
    });
    for (const attempt of [
      "/static/link.txt",
      "/static/passwd",
      "/static/theirs.txt",
      "/static/dir/private.txt",
      "/media/etc/passwd",
      "/static/missing.css",
      "/static/css/",
    ]) {
      const answer = await request("files-acme.localhost", attempt);
      expect(answer.status, attempt).toBe(404);
      expect(answer.body).toContain("No app is served at this address");
    }
    for (const attempt of [
      "/static/../secret.txt",
      "/static/%2e%2e/secret.txt",
      "/static/..%2fsecret.txt",
      "/media/%00x",
    ]) {
      const answer = await request("files-acme.localhost", attempt);
      expect(answer.body, attempt).not.toContain("do not serve");
      expect(answer.body).not.toContain("root:");
    }
    expect((await request("files-acme.localhost", "/other")).body).toMatch(/^a /);
  });

  it("serves a static app with index.html for / and directories, and no symlink", async () => {
    await route(["site-acme.localhost"], {
      appId: "site",
      kind: "static",
      rootDir: path.join(files, "site"),
    });
    expect(await request("site-acme.localhost", "/")).toEqual({ status: 200, body: "<h1>home</h1>" });
    expect(await request("site-acme.localhost", "/docs/")).toEqual({ status: 200, body: "docs" });
    expect((await request("site-acme.localhost", "/missing.html")).status).toBe(404);
    expect((await request("site-acme.localhost", "/link.html")).status).toBe(404);
    expect((await request("site-acme.localhost", "/../secret.txt")).body).not.toContain("do not serve");
  });
});

describe("[ROUTER] nginx: access log", () => {
  it("delivers one combined line per request with app id, status and timings; lines without the token are dropped", async () => {
    const a = await upstream("a");
    await route(["log-acme.localhost"], { appId: "logged", kind: "proxy", upstreams: [a] });
    // A line without this start's token (the file is root-only; this checks the parser's guard
    // on the real file nginx writes).
    await appendFile(
      router.accessLogFile,
      `forged logged 200 0.001 "-" 6.6.6.6 - - [27/Nov/2026:01:59:36 +0000] "GET /forged HTTP/1.1" 200 1 "-" "-"\n`,
    );
    await request("log-acme.localhost", "/hello?x=1");
    const entry = await waitFor(() => logs.find((e) => e.line.includes("/hello?x=1")), "the access line");
    expect(entry).toMatchObject({ appId: "logged", status: 200 });
    expect(entry.requestTime).toBeGreaterThanOrEqual(0);
    expect(entry.upstreamResponseTime).toBeGreaterThanOrEqual(0);
    expect(entry.line).toMatch(
      /^127\.0\.0\.1 - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET \/hello\?x=1 HTTP\/1\.1" 200 \d+ "-" "-"$/,
    );
    await request("nobody.localhost", "/unknown-host");
    expect(
      await waitFor(() => logs.find((e) => e.line.includes("/unknown-host")), "the 404 line"),
    ).toMatchObject({
      appId: null,
      status: 404,
    });
    expect(logs.some((e) => e.line.includes("/forged"))).toBe(false);
  });
});

describe("[ROUTER] nginx: switching instances", () => {
  it("reloads under continuous load without losing a request, and old instances finish their requests", async () => {
    const old = await upstream("old", (req, res) =>
      setTimeout(() => res.end("old"), req.url === "/long" ? 800 : 5),
    );
    const fresh = await upstream("new", (_req, res) => res.end("new"));
    await route(["switch-acme.localhost"], { appId: "switch", kind: "proxy", upstreams: [old] });
    let failures = 0;
    let running = true;
    const seen = new Set<string>();
    const clients = [0, 1, 2].map(async () => {
      for (let i = 0; running && i < 2000; i++) {
        const answer = await request("switch-acme.localhost").catch(() => ({ status: 0, body: "" }));
        if (answer.status !== 200) failures++;
        seen.add(answer.body);
      }
    });
    await waitFor(() => seen.has("old"), "traffic to the old instance");
    const long = request("switch-acme.localhost", "/long");
    await waitFor(() => old.hits.includes("GET /long"), "the long request to reach the old instance");
    // Several reloads in a row, the last one to the new instance.
    for (const upstreams of [[old, fresh], [old], [fresh]])
      await route(["switch-acme.localhost"], { appId: "switch", kind: "proxy", upstreams });
    const oldHitsAtSwitch = old.hits.length;
    expect(await router.drain(5000)).toBe(true);
    expect(await long).toEqual({ status: 200, body: "old" });
    await waitFor(() => fresh.hits.length > 20, "traffic to the new instance");
    running = false;
    await Promise.all(clients);
    expect(failures).toBe(0);
    expect(old.hits.length).toBe(oldHitsAtSwitch);
    expect(seen).toEqual(new Set(["old", "new"]));
  });
});
