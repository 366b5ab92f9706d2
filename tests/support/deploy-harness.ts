import http from "node:http";
import os from "node:os";
import path from "node:path";
import { getDb } from "@/server/db/client";
import type { LiveBus } from "@/server/live/live-events";
import { runAction } from "@/server/pipeline/run-action";
import { findFreePort } from "@/server/platform/free-port";
import { startNginxRouter } from "@/server/router/nginx/nginx-router";
import { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { removeAppUser } from "@/server/runtime/sandbox/app-user";
import { makeTestDataDir } from "./test-data-dir";
import { queueAction } from "@/server/services/actions/queue-action";
import { getLogbook } from "@/server/services/actions/logbook";
import type { Caller } from "@/server/services/caller";

/** Test files run in parallel worker processes: each worker slot gets its own instance ports. */
function portRangeForThisWorker(): [number, number] {
  const slot = Number(process.env.VITEST_POOL_ID ?? 1);
  // Several checkouts may run their suites at once on one machine: each picks its own base.
  const from = Number(process.env.THIRTY_TEST_PORT_BASE ?? 30000) + slot * 500;
  return [from, from + 499];
}

/**
 * The deploy side of the platform in the test process: a real runtime (gunicorn processes),
 * the platform's nginx router on a loopback port, and actions run the way the queue worker runs them.
 */
export async function startDeployHarness(options: { bus?: LiveBus } = {}) {
  const dataDir = makeTestDataDir("d");
  // What npm start gives the platform: local repositories only from the test repositories' dir.
  process.env.THIRTY_LOCAL_REPOSITORIES ??= path.join(os.tmpdir(), "thirty-test-repos");
  const runtime = new PlatformRuntime({
    db: getDb(),
    dataDir,
    bus: options.bus,
    platformDomain: "localhost",
    portRange: portRangeForThisWorker(),
    backoff: { initialMs: 100, maxMs: 500, stableMs: 5000, crashLimit: 5, windowMs: 10_000 },
  });
  const router = await startNginxRouter({
    port: await findFreePort(),
    host: "127.0.0.1",
    prefix: path.join(dataDir, "router"),
    table: runtime.table,
    onAccessLog: (entry) => runtime.recordAccess(entry),
  });
  runtime.attachRouter(router);
  return {
    runtime,
    router,
    dataDir,
    /** Queues an action through the service and runs it to its end; returns its logbook. */
    async act(caller: Caller, appName: string, request: unknown, target: "app" | "worker" = "app") {
      const queued = await queueAction(caller, { appName, target, request });
      await runAction(getDb(), runtime, queued.id);
      return getLogbook(caller, queued.id);
    },
    get(host: string, urlPath = "/") {
      return httpGet(router.port, host, urlPath);
    },
    async stop() {
      await router.close();
      await runtime.shutdown();
      // The apps stay in the test database, but their Unix users would pile up on the machine.
      for (const appId of runtime.preparedApps) await removeAppUser(appId);
    },
  };
}

export function httpGet(
  port: number,
  host: string,
  urlPath = "/",
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: urlPath, headers: { Host: host }, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        res.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}

/** Straight to a sandboxed instance's unix socket, past the router. */
export function httpGetSocket(
  socketPath: string,
  host: string,
  urlPath = "/",
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath, path: urlPath, headers: { Host: host }, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    request.on("error", reject);
  });
}

export function logbookText(logbook: { messages: { message: string }[] }): string {
  return logbook.messages.map((m) => m.message).join("\n");
}
