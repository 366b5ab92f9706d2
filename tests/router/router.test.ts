import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startRouter, type AccessLogEntry, type RunningRouter } from "@/server/router/proxy-server";
import { InMemoryRouteTable, type Upstream } from "@/server/router/route-table";

const HOST = "blog-acme.localhost";
let closers: (() => Promise<void>)[] = [];
let table: InMemoryRouteTable;
let router: RunningRouter;
let logs: AccessLogEntry[];

async function upstream(
  name: string,
  handler?: http.RequestListener,
): Promise<Upstream & { server: http.Server }> {
  const server = http.createServer(
    handler ?? ((req, res) => res.end(`${name} ${req.headers["x-forwarded-host"] ?? ""}`)),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { instanceId: name, host: "127.0.0.1", port: (server.address() as AddressInfo).port, server };
}

function get(urlPath: string, host = HOST): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port: router.port, path: urlPath, headers: { Host: host } }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        // A response cut off mid-body surfaces on the response, not the request.
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

beforeEach(async () => {
  table = new InMemoryRouteTable();
  logs = [];
  router = await startRouter({ port: 0, host: "127.0.0.1", table, onAccessLog: (e) => logs.push(e) });
});
afterEach(async () => {
  await router.close();
  for (const close of closers) await close();
  closers = [];
});

describe("[ROUTER] routing by host", () => {
  it("round-robins over instances, ignores the port and case of Host, and says who asked", async () => {
    const a = await upstream("a");
    const b = await upstream("b");
    table.setRoute([HOST], { appId: "app1", kind: "proxy", upstreams: [a, b] });
    const bodies = [];
    for (let i = 0; i < 4; i++) bodies.push((await get("/", "Blog-Acme.localhost:8080")).body);
    expect(bodies).toEqual([
      "a Blog-Acme.localhost:8080",
      "b Blog-Acme.localhost:8080",
      "a Blog-Acme.localhost:8080",
      "b Blog-Acme.localhost:8080",
    ]);
  });

  it("answers 404 for an unknown host and 503 when no instance is healthy", async () => {
    expect(await get("/", "nobody.localhost")).toMatchObject({ status: 404 });
    table.setRoute([HOST], { appId: "app1", kind: "proxy", upstreams: [] });
    const answer = await get("/");
    expect(answer.status).toBe(503);
    expect(answer.body).toContain("The app is not running");
  });

  it("retries a GET on another instance when one refuses connections", async () => {
    const dead = await upstream("dead");
    await closers.pop()?.();
    const live = await upstream("live");
    table.setRoute([HOST], { appId: "app1", kind: "proxy", upstreams: [dead, live] });
    for (let i = 0; i < 4; i++) expect((await get("/")).body).toBe(`live ${HOST}`);
  });

  it("answers 502 to a POST whose instance drops it, and aborts an answer cut off mid-body", async () => {
    const dropping = await upstream("drop", (req) => req.socket.destroy());
    table.setRoute([HOST], { appId: "app1", kind: "proxy", upstreams: [dropping] });
    const posted = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port: router.port, method: "POST", path: "/", headers: { Host: HOST } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end("payload");
    });
    expect(posted).toBe(502);

    const cutOff = await upstream("cut", (_req, res) => {
      res.writeHead(200, { "Content-Length": "100" });
      res.write("partial");
      setTimeout(() => res.socket?.destroy(), 10);
    });
    table.setRoute([HOST], { appId: "app1", kind: "proxy", upstreams: [cutOff] });
    await expect(get("/")).rejects.toThrow();
  });

  it("switches atomically under continuous load with zero failed requests, and old instances drain", async () => {
    const old = await upstream("old", (_req, res) => setTimeout(() => res.end("old"), 5));
    const fresh = await upstream("new");
    table.setRoute([HOST], { appId: "app1", kind: "proxy", upstreams: [old] });
    let failures = 0;
    const seen = new Set<string>();
    const client = (async () => {
      for (let i = 0; i < 300; i++) {
        const answer = await get("/").catch(() => ({ status: 0, body: "" }));
        if (answer.status !== 200) failures++;
        seen.add(answer.body.split(" ")[0] ?? "");
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    table.setRoute([HOST], { appId: "app1", kind: "proxy", upstreams: [fresh] });
    router.pool.markDraining("old");
    expect(await router.pool.waitForDrain("old", 5000)).toBe(true);
    await client;
    expect(failures).toBe(0);
    expect(seen).toEqual(new Set(["old", "new"]));
  });

  it("logs one combined-format line per request", async () => {
    const a = await upstream("a");
    table.setRoute([HOST], { appId: "app1", kind: "proxy", upstreams: [a] });
    await get("/hello?x=1");
    await new Promise((r) => setTimeout(r, 20));
    expect(logs).toHaveLength(1);
    expect(logs[0]?.appId).toBe("app1");
    expect(logs[0]?.line).toMatch(
      /^127\.0\.0\.1 - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET \/hello\?x=1 HTTP\/1\.1" 200 \d+ "-" "-"$/,
    );
  });
});

describe("[ROUTER] files", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "router-files-"));
    await mkdir(path.join(dir, "site", "docs"), { recursive: true });
    await mkdir(path.join(dir, "static"));
    await mkdir(path.join(dir, "media"));
    await writeFile(path.join(dir, "site", "index.html"), "<h1>home</h1>");
    await writeFile(path.join(dir, "site", "docs", "index.html"), "docs");
    await writeFile(path.join(dir, "static", "app.css"), "body{}");
    await writeFile(path.join(dir, "media", "photo.txt"), "uploaded");
    await writeFile(path.join(dir, "secret.txt"), "do not serve");
    await symlink(path.join(dir, "secret.txt"), path.join(dir, "static", "link.txt"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("serves a static app with index.html for / and directories", async () => {
    table.setRoute([HOST], { appId: "s", kind: "static", rootDir: path.join(dir, "site") });
    expect(await get("/")).toEqual({ status: 200, body: "<h1>home</h1>" });
    expect(await get("/docs/")).toEqual({ status: 200, body: "docs" });
    expect((await get("/missing.html")).status).toBe(404);
  });

  it("serves /static/ and /media/ beside the proxied app and refuses every escape", async () => {
    const a = await upstream("a");
    table.setRoute([HOST], {
      appId: "app1",
      kind: "proxy",
      upstreams: [a],
      staticDir: path.join(dir, "static"),
      mediaDir: path.join(dir, "media"),
    });
    expect(await get("/static/app.css")).toEqual({ status: 200, body: "body{}" });
    expect(await get("/media/photo.txt")).toEqual({ status: 200, body: "uploaded" });
    for (const attempt of [
      "/static/../secret.txt",
      "/static/%2e%2e/secret.txt",
      "/static/..%2fsecret.txt",
      "/static/link.txt",
      "/media/%00x",
    ]) {
      const answer = await get(attempt);
      expect(answer.body).not.toContain("do not serve");
      expect(answer.status).toBe(404);
    }
    expect((await get("/other")).body).toBe(`a ${HOST}`);
  });
});
