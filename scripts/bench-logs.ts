import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { allowServerOnlyImports } from "../server/platform/allow-server-only";

/**
 * npm run bench:logs — ingest throughput: one process printing LINES numbered lines flat out,
 * through the local runtime, the batched store and the LISTEN/NOTIFY stream to a subscriber.
 * Prints lines/s stored and streamed, lines lost, and the platform's memory before and after
 * (the runtime, the store and a web process's hub and stream all live in this one process).
 * (Browser-side latency, line printed → rendered in the panel, is not measured yet.)
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LINES = Number(process.env.BENCH_LINES ?? 200_000);

/** The highest RSS this process reached (VmHWM), from /proc. */
function peakRss(): string {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
  return match ? mb(Number(match[1]) * 1024) : "?";
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  allowServerOnlyImports();
  const scratch = mkdtempSync(path.join(os.tmpdir(), "thirty-bench-logs-"));
  const { startEmbeddedPostgres } = await import("../server/db/embedded-postgres");
  const { migrateDatabase } = await import("../server/platform/migrate");
  const database = await startEmbeddedPostgres({
    directory: path.join(scratch, "postgres"),
    onLog: () => undefined,
  });
  process.env.DATABASE_URL = database.url;
  process.env.THIRTY_SECRET = "bench-only-secret-0123456789abcdef0123456789";
  await migrateDatabase(ROOT, database.url);
  const { getDb } = await import("../server/db/client");
  const { PgLiveBus } = await import("../server/live/pg-live-bus");
  const { LiveHub } = await import("../server/live/live-hub");
  const { streamLogs } = await import("../server/live/stream-logs");
  const { PlatformRuntime } = await import("../server/runtime/platform-runtime");
  const db = getDb();
  const account = await db.account.create({ data: { name: "bench", planUpgradeKey: "bench" } });
  const app = await db.app.create({ data: { accountId: account.id, name: "printer", region: "local1" } });
  const publisher = new PgLiveBus(database.url);
  const listener = new PgLiveBus(database.url);
  const hub = new LiveHub(listener);
  await hub.ready();
  const runtime = new PlatformRuntime({
    db,
    dataDir: path.join(scratch, "data"),
    platformDomain: "localhost",
    bus: publisher,
    keepLogLinesPerApp: LINES * 2,
  });
  const before = process.memoryUsage();
  const abort = new AbortController();
  let streamed = 0;
  let skipped = 0;
  let lastNumber = 0;
  let outOfOrder = 0;
  const reading = (async () => {
    for await (const item of streamLogs({
      db,
      hub,
      appId: app.id,
      filter: { programs: ["printer"] },
      lastEventId: null,
      signal: abort.signal,
    })) {
      // The web process's own bound applies: a reader that falls behind gets "skipped" markers.
      if (item.type === "skipped") {
        skipped += item.count;
        lastNumber += item.count;
      } else {
        const n = Number(item.line.message);
        if (n !== lastNumber + 1) outOfOrder++;
        lastNumber = n;
        streamed++;
      }
      if (streamed + skipped >= LINES) break;
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const started = performance.now();
  await runtime.driver.startInstance({
    instanceId: `${app.id}~bench`,
    appId: app.id,
    kind: "app",
    cwd: scratch,
    env: { PATH: "/usr/bin:/bin" },
    processes: [{ program: "printer", argv: ["/bin/sh", "-c", `seq 1 ${LINES}; sleep 3600`] }],
  });
  await reading;
  const streamedMs = performance.now() - started;
  await runtime.logs.flush();
  let stored = 0;
  for (;;) {
    stored = await db.logLine.count({ where: { appId: app.id, program: "printer" } });
    if (stored >= LINES || performance.now() - started > 120_000) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const storedMs = performance.now() - started;
  const after = process.memoryUsage();
  // What stays after a full collection (with node --expose-gc): retained, not merely not yet freed.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const retained = process.memoryUsage();
  abort.abort();
  console.log(`${LINES} lines printed by one process (seq), on ${os.cpus().length} CPUs`);
  console.log(
    `streamed to a LISTEN/NOTIFY subscriber: ${streamed} in ${(streamedMs / 1000).toFixed(2)} s = ${Math.round(streamed / (streamedMs / 1000))} lines/s, ${skipped} skipped (reader behind), ${outOfOrder} out of order`,
  );
  console.log(
    `stored in PostgreSQL: ${stored} in ${(storedMs / 1000).toFixed(2)} s = ${Math.round(stored / (storedMs / 1000))} lines/s; lost: ${LINES - stored}`,
  );
  console.log(
    `platform memory: rss ${mb(before.rss)} → ${mb(after.rss)} (peak ${peakRss()}), heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}` +
      (gc ? `, retained after a full GC: heap ${mb(retained.heapUsed)}, rss ${mb(retained.rss)}` : ""),
  );
  await runtime.shutdown();
  await publisher.close();
  await listener.close();
  await database.stop();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
