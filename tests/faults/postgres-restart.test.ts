import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/server/platform/free-port";
import { migrateDatabase } from "@/server/platform/migrate";
import type { EmbeddedDatabase } from "@/server/db/embedded-postgres";
import { waitUntil, within } from "../support/bounded-wait";

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
  await within(disconnectDb(), "closing Prisma's connections", 15_000).catch((error: unknown) =>
    console.error(String(error)),
  );
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

/** The printer's last line: the reader stops at it, so no wait depends on a count it races. */
const END = "end of the test";

describe("[FAULTS] PostgreSQL restarts under a live log stream", () => {
  it("streams every line once, in order, across the restart", async () => {
    const { getDb } = await import("@/server/db/client");
    const { PgLiveBus } = await import("@/server/live/pg-live-bus");
    const { LiveHub } = await import("@/server/live/live-hub");
    const { LogSink } = await import("@/server/logs/log-sink");
    const { streamLogs } = await import("@/server/live/stream-logs");
    const { enqueueAction, releaseActionQueue, startActionWorker } =
      await import("@/server/queue/action-queue");
    const db = getDb();
    const account = await db.account.create({ data: { name: "restart", planUpgradeKey: "restart-key" } });
    const app = await db.app.create({ data: { accountId: account.id, name: "web", region: "local1" } });

    // The writer (as the runtime runs it) and the reader (as a web process runs it) have
    // their own connections: lines cross through LISTEN/NOTIFY.
    const publisher = new PgLiveBus(server?.url ?? "");
    const listener = new PgLiveBus(server?.url ?? "");
    const hub = new LiveHub(listener);
    const sink = new LogSink(db, { bus: publisher, flushMs: 200 });
    const push = (message: string) =>
      sink.push({
        appId: app.id,
        instanceId: null,
        program: "gunicorn",
        severity: "Info",
        message,
        timestamp: new Date(),
      });

    // The queue too: a worker started before the restart takes jobs after it.
    const ran: string[] = [];
    const runner = await within(
      startActionWorker({
        connectionString: server?.url ?? "",
        concurrency: 1,
        runAction: async (actionId) => {
          ran.push(actionId);
        },
      }),
      "starting the action worker",
    );

    const abort = new AbortController();
    const seen: string[] = [];
    const ids: string[] = [];
    let streamError: unknown;
    let streamEnded = false;
    let n = 0;
    let printing = true;
    let printer: Promise<void> = Promise.resolve();
    const progress = () =>
      `${n} printed, ${seen.length} seen${streamError ? `; the stream failed: ${String(streamError)}` : ""}` +
      `${streamEnded ? "; the stream ended" : ""}`;
    try {
      await within(hub.ready(), "the live hub to listen");
      await within(enqueueAction({ id: "before-restart", appId: app.id }), "enqueueing before the restart");
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
          if (item.line.message === END) return;
          seen.push(item.line.message);
          ids.push(item.line.id);
        }
      })()
        .catch((error: unknown) => {
          streamError = error;
        })
        .finally(() => {
          streamEnded = true;
        });

      push(`line ${n++}`);
      await waitUntil(() => seen.length === 1 || streamEnded, "the first line", { detail: progress });

      // A steady printer: it keeps printing while PostgreSQL stops and starts again.
      printer = (async () => {
        while (printing) {
          for (let i = 0; i < 5; i++) push(`line ${n++}`);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      await waitUntil(() => seen.length > 200 || streamEnded, "lines before the restart", {
        detail: progress,
      });
      await within(server?.stop() ?? Promise.resolve(), "stopping PostgreSQL", 90_000);
      const printedWhileDown = n;
      await waitUntil(() => n > printedWhileDown + 300, "lines printed while PostgreSQL is down", {
        detail: progress,
      });
      server = await within(startServer(), "starting PostgreSQL again", 120_000);
      await within(enqueueAction({ id: "after-restart", appId: app.id }), "enqueueing after the restart");
      const afterRestart = n;
      await waitUntil(() => seen.length > afterRestart + 200 || streamEnded, "lines after the restart", {
        detail: progress,
      });
      printing = false;
      await printer;
      push(END);
      await waitUntil(() => streamEnded, "every line up to the last one", {
        detail: () => {
          const got = new Set(seen);
          const missing = Array.from({ length: n }, (_, i) => `line ${i}`).filter((line) => !got.has(line));
          return `${progress()}; ${missing.length} missing: ${missing.slice(0, 3).join(", ")}…`;
        },
      });
      await reading;
      expect(streamError).toBeUndefined();

      expect(seen.length).toBe(n);
      expect(seen).toEqual(Array.from({ length: n }, (_, i) => `line ${i}`));
      expect(new Set(ids).size).toBe(ids.length);
      await within(sink.flush(), "storing the last lines");
      expect(await db.logLine.count({ where: { appId: app.id } })).toBe(n + 1);
      await waitUntil(() => ran.includes("after-restart"), "the queue to take a job after the restart", {
        detail: () => `ran: ${ran.join(", ") || "nothing"}`,
      });
      expect(ran).toEqual(["before-restart", "after-restart"]);
    } finally {
      // A failure above must not leave the printer, the stream or the worker running into
      // afterAll's stop of PostgreSQL.
      printing = false;
      abort.abort();
      await printer;
      await within(runner.stop(), "stopping the action worker", 30_000).catch((error: unknown) =>
        console.error(String(error)),
      );
      await within(releaseActionQueue(), "releasing the queue", 15_000).catch(() => undefined);
      await publisher.close();
      await listener.close();
    }
  }, 300_000);
});
