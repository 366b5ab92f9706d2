import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { findLeftoverPostmaster, stopPostmaster } from "@/server/db/leftover-postgres";
import { runThenKill } from "../support/crashed-process";

const scratch = mkdtempSync(path.join(os.tmpdir(), "thirty-leftover-pg-"));
chmodSync(scratch, 0o755);
const cluster = path.join(scratch, "postgres");

afterAll(async () => {
  const leftover = await findLeftoverPostmaster(cluster);
  if (leftover) await stopPostmaster(leftover.pid);
  rmSync(scratch, { recursive: true, force: true });
});

/** Starts the server from a process of its own, then kills that process with SIGKILL. */
async function crashedStart(): Promise<string> {
  const [, url = ""] = await runThenKill(
    path.join(import.meta.dirname, "crashing-postgres.ts"),
    [cluster],
    /ready (\S+)/,
  );
  return url;
}

async function keptNote(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return (
      ((await client.query("SELECT note FROM kept")).rows[0] as { note?: string } | undefined)?.note ?? null
    );
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("[DB] the embedded PostgreSQL of a platform process that was killed", () => {
  it("never blocks the next start on the same cluster: the data is there, and its stop stops it", async () => {
    const url = await crashedStart();
    const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
    // Right away: the crashed process's server may still be shutting down, holding the lock.
    const database = await startEmbeddedPostgres({ directory: cluster });
    expect(new URL(database.url).pathname).toBe(new URL(url).pathname);
    expect(await keptNote(database.url)).toBe("before the crash");
    await database.stop();
    expect(await keptNote(database.url)).toBeNull();
    expect(await findLeftoverPostmaster(cluster)).toBeNull();
  }, 120_000);

  it("stops a server that an older platform left running without a watchdog", async () => {
    const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
    const first = await startEmbeddedPostgres({ directory: cluster });
    const leftover = await findLeftoverPostmaster(cluster);
    expect(leftover).not.toBeNull();
    // Still running on the cluster (as a server an older platform started without a watchdog
    // would be after its owner vanished): the next start stops it first.
    const second = await startEmbeddedPostgres({ directory: cluster });
    expect(await keptNote(second.url)).toBe("before the crash");
    // The first one was stopped to let the second start.
    expect(() => process.kill(leftover?.pid ?? 0, 0)).toThrow();
    await second.stop();
    await first.stop();
    expect(await findLeftoverPostmaster(cluster)).toBeNull();
  }, 120_000);
});
