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

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return (await client.query("SELECT 1 AS one")).rows[0]?.one === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("[DB] the embedded PostgreSQL of a platform process that was killed", () => {
  it("is taken over by the next start on the same cluster, same URL, and stopped by it", async () => {
    const url = await crashedStart();
    expect(await answers(url)).toBe(true);
    const leftover = await findLeftoverPostmaster(cluster);
    expect(leftover).not.toBeNull();

    const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
    const messages: string[] = [];
    const database = await startEmbeddedPostgres({
      directory: cluster,
      onLog: (line) => messages.push(line),
    });
    expect(database.url).toBe(url);
    expect(messages.join("\n")).toMatch(/Taking over the PostgreSQL/);
    expect(await answers(database.url)).toBe(true);

    await database.stop();
    expect(await answers(url)).toBe(false);
    expect(await findLeftoverPostmaster(cluster)).toBeNull();
  }, 120_000);
});
