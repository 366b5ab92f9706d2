import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/server/platform/free-port";
import { migrateDatabase } from "@/server/platform/migrate";
import type { EmbeddedDatabase } from "@/server/db/embedded-postgres";

// This file restarts PostgreSQL: it runs its own server, never the one other test files share.
// Everything here (Prisma, the bus, the log store) talks to it through DATABASE_URL.
const scratch = mkdtempSync(path.join(os.tmpdir(), "thirty-pg-restart-"));
let port = 0;
let server: EmbeddedDatabase | undefined;

async function startServer(): Promise<EmbeddedDatabase> {
  // Imported when needed: the module hooks process signals on import, like the launcher says.
  const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
  return startEmbeddedPostgres({
    directory: path.join(scratch, "postgres"),
    port,
  });
}

beforeAll(async () => {
  port = await findFreePort();
  server = await startServer();
  await migrateDatabase(path.resolve(import.meta.dirname, "../.."), server.url);
  process.env.DATABASE_URL = server.url;
}, 120_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/server/db/client");
  await disconnectDb();
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("[FAULTS] PostgreSQL restarts under a live log stream", () => {
  it("streams every line once, in order, across the restart", async () => {
    const { getDb } = await import("@/server/db/client");
    const { PgLiveBus } = await import("@/server/live/pg-live-bus");
    const { LiveHub } = await import("@/server/live/live-hub");
    const { LogSink } = await import("@/server/logs/log-sink");
    const { streamLogs } = await import("@/server/live/stream-logs");
    const db = getDb();
    const account = await db.account.create({ data: { name: "restart", planUpgradeKey: "restart-key" } });
    const app = await db.app.create({ data: { accountId: account.id, name: "web", region: "local1" } });

    // The writer (as the runtime runs it) and the reader (as a web process runs it) have
    // their own connections: lines cross through LISTEN/NOTIFY.
    const publisher = new PgLiveBus(server?.url ?? "");
    const listener = new PgLiveBus(server?.url ?? "");
    const hub = new LiveHub(listener);
    await hub.ready();
    const sink = new LogSink(db, { bus: publisher, flushMs: 200 });
    const push = (n: number) =>
      sink.push({
        appId: app.id,
        instanceId: null,
        program: "gunicorn",
        severity: "Info",
        message: `line ${n}`,
        timestamp: new Date(),
      });

    // The queue too: a worker started before the restart takes jobs after it.
    const { enqueueAction, releaseActionQueue, startActionWorker } =
      await import("@/server/queue/action-queue");
    const ran: string[] = [];
    const runner = await startActionWorker({
      connectionString: server?.url ?? "",
      concurrency: 1,
      runAction: async (actionId) => {
        ran.push(actionId);
      },
    });
    await enqueueAction({ id: "before-restart", appId: app.id });

    const abort = new AbortController();
    const seen: string[] = [];
    const ids: string[] = [];
    let wanted = Infinity;
    let streamError: unknown;
    const reading = (async () => {
      const stream = streamLogs({
        db,
        hub,
        appId: app.id,
        filter: {},
        lastEventId: null,
        signal: abort.signal,
      });
      for await (const item of stream) {
        if (item.type === "skipped") throw new Error(`the stream skipped ${item.count} lines`);
        seen.push(item.line.message);
        ids.push(item.line.id);
        if (seen.length >= wanted) break;
      }
    })().catch((error: unknown) => {
      streamError = error;
    });

    const waitUntil = async (done: () => boolean, what: string) => {
      for (let i = 0; i < 600 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
      if (!done())
        throw new Error(
          `gave up waiting for ${what} (${seen.length} lines seen${streamError ? `; the stream failed: ${String(streamError)}` : ""})`,
        );
    };
    let n = 0;
    push(n++);
    await waitUntil(() => seen.length === 1, "the first line");

    // A steady printer: it keeps printing while PostgreSQL stops and starts again.
    let printing = true;
    const printer = (async () => {
      while (printing) {
        for (let i = 0; i < 5; i++) push(n++);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await waitUntil(() => seen.length > 200, "lines before the restart");
    await server?.stop();
    const printedWhileDown = n;
    await waitUntil(() => n > printedWhileDown + 300, "lines printed while PostgreSQL is down");
    server = await startServer();
    await enqueueAction({ id: "after-restart", appId: app.id });
    const afterRestart = n;
    await waitUntil(() => seen.length > afterRestart + 200, "lines after the restart");
    printing = false;
    await printer;
    wanted = n;
    await waitUntil(() => seen.length >= wanted, "every line").catch(async (error: unknown) => {
      const got = new Set(seen);
      const missing = Array.from({ length: n }, (_, i) => `line ${i}`).filter((line) => !got.has(line));
      const stored = await db.logLine.count({ where: { appId: app.id } });
      console.error(`missing ${missing.length} lines (${missing.slice(0, 3).join(", ")}…); ${stored} stored`);
      throw error;
    });
    await reading;
    abort.abort();
    expect(streamError).toBeUndefined();

    expect(seen.length).toBe(n);
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => `line ${i}`));
    expect(new Set(ids).size).toBe(ids.length);
    await sink.flush();
    expect(await db.logLine.count({ where: { appId: app.id } })).toBe(n);
    await waitUntil(() => ran.includes("after-restart"), "the queue to take a job after the restart");
    expect(ran).toEqual(["before-restart", "after-restart"]);
    await runner.stop();
    await releaseActionQueue();
    await publisher.close();
    await listener.close();
  }, 300_000);
});
