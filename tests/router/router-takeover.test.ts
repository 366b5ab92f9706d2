import { chmod, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/server/platform/free-port";
import type { AccessLogEntry } from "@/server/router/access-log";
import { startNginxRouter, type NginxRouter } from "@/server/router/nginx/nginx-router";
import { InMemoryRouteTable } from "@/server/router/route-table";
import { stopLeftoverNginx } from "../faults/leftover-nginx";
import { runThenKill } from "../support/crashed-process";

let dir: string;
let port: number;
let upstream: http.Server;
let upstreamPort: number;
let router: NginxRouter | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "thirty-takeover-"));
  await chmod(dir, 0o711);
  port = await findFreePort();
  upstream = http.createServer((req, res) => res.end(`upstream ${req.headers.host}`));
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamPort = (upstream.address() as AddressInfo).port;
});
afterAll(async () => {
  await router?.close();
  // When the test failed before taking the crashed process's nginx over.
  stopLeftoverNginx(dir);
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function get(host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/", headers: { Host: host }, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

/** Starts the router in a process of its own, then kills that process with SIGKILL. */
async function crashedRouter(host: string): Promise<void> {
  await runThenKill(
    path.join(import.meta.dirname, "crashing-router.ts"),
    [JSON.stringify({ port, prefix: path.join(dir, "router"), host, upstreamPort })],
    /ready/,
  );
}

describe("[ROUTER] taking over the nginx of a platform process that was killed", () => {
  it("serves the old table while held, with its access lines still read, then the new one once released", async () => {
    await crashedRouter("old.test");
    expect(await get("old.test")).toEqual({ status: 200, body: "upstream old.test" });

    const table = new InMemoryRouteTable();
    const logs: AccessLogEntry[] = [];
    const messages: string[] = [];
    router = await startNginxRouter({
      port,
      host: "127.0.0.1",
      prefix: path.join(dir, "router"),
      table,
      hold: true,
      onAccessLog: (entry) => logs.push(entry),
      log: (message) => messages.push(message),
    });
    expect(messages.join("\n")).toMatch(/Taking over the nginx/);
    // Held: the new process's table (empty so far) is not applied; the old one serves on.
    table.setRoute(["new.test"], {
      appId: "new-app",
      kind: "proxy",
      upstreams: [{ instanceId: "new-1", host: "127.0.0.1", port: upstreamPort, socket: null }],
    });
    let settled = false;
    const settling = router.settle().then((ok) => {
      settled = true;
      return ok;
    });
    for (let i = 0; i < 20; i++) expect(await get("old.test")).toMatchObject({ status: 200 });
    expect(settled).toBe(false);
    // The taken-over nginx writes the access token the crashed process gave it: still read.
    await expect.poll(() => logs.filter((entry) => entry.appId === "old-app").length).toBeGreaterThan(0);

    router.release();
    expect(await settling).toBe(true);
    expect(await get("new.test")).toEqual({ status: 200, body: "upstream new.test" });
    expect((await get("old.test")).status).toBe(404);

    await router.close();
    router = undefined;
    await expect(get("new.test")).rejects.toThrow();
  });
});
