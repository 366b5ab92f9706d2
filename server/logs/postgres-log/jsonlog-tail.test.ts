import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PostgresLogRecord } from "./jsonlog-record";
import { startJsonlogTail, type JsonlogTail } from "./jsonlog-tail";

function line(message: string): string {
  return `${JSON.stringify({ timestamp: "2026-11-27 04:10:22.000 UTC", error_severity: "LOG", message, dbname: "d", user: "u" })}\n`;
}

/** Waits (bounded, no fixed sleep) until `seen` holds `count` messages. */
async function until(seen: string[], count: number): Promise<void> {
  for (let i = 0; i < 400 && seen.length < count; i++) await new Promise((r) => setTimeout(r, 25));
}

let tail: JsonlogTail | undefined;
let dir = "";
afterEach(async () => {
  await tail?.close();
  tail = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function follow(): Promise<string[]> {
  const seen: string[] = [];
  tail = await startJsonlogTail({
    directory: dir,
    pollMs: 10,
    onRecords: async (records: PostgresLogRecord[]) => {
      seen.push(...records.map((r) => r.message));
    },
  });
  return seen;
}

describe("[LOGS] following PostgreSQL's jsonlog files", () => {
  it("starts at the end, follows rotation, truncation and replacement, and prunes old files", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "thirty-jsonlog-"));
    const first = path.join(dir, "postgresql-20260101-000000.json");
    writeFileSync(first, line("before the platform started"));
    const seen = await follow();

    appendFileSync(first, line("one") + line("two").slice(0, 20));
    await until(seen, 1);
    // A line written in two pieces is one record, once complete.
    appendFileSync(first, line("two").slice(20));
    await until(seen, 2);
    expect(seen).toEqual(["one", "two"]);

    // Rotation: a newer file appears; the end of the old one is still read, first.
    appendFileSync(first, line("three") + "not json\n");
    writeFileSync(path.join(dir, "postgresql-20260101-010000.json"), line("four"));
    await until(seen, 4);
    expect(seen).toEqual(["one", "two", "three", "four"]);

    // Truncated in place (found by the size falling below what was read): read from its start.
    const second = path.join(dir, "postgresql-20260101-010000.json");
    truncateSync(second, 0);
    appendFileSync(second, line("5"));
    await until(seen, 5);
    // Replaced under its name (another inode).
    writeFileSync(`${second}.new`, line("six"));
    renameSync(`${second}.new`, second);
    await until(seen, 6);
    expect(seen.slice(4)).toEqual(["5", "six"]);

    for (const stamp of ["020000", "030000", "040000"]) {
      writeFileSync(path.join(dir, `postgresql-20260101-${stamp}.json`), line(stamp));
      writeFileSync(path.join(dir, `postgresql-20260101-${stamp}.log`), "stderr\n");
      await until(seen, seen.length + 1);
    }
    expect(seen.slice(6)).toEqual(["020000", "030000", "040000"]);
    // Only the newest three of each kind are kept; other files are none of its business.
    writeFileSync(path.join(dir, "postgres.log"), "pg_ctl's\n");
    writeFileSync(path.join(dir, "postgresql-20260101-050000.json"), line("last"));
    await until(seen, 10);
    expect(readdirSync(dir).sort()).toEqual([
      "postgres.log",
      "postgresql-20260101-020000.log",
      "postgresql-20260101-030000.json",
      "postgresql-20260101-030000.log",
      "postgresql-20260101-040000.json",
      "postgresql-20260101-040000.log",
      "postgresql-20260101-050000.json",
    ]);
    expect(existsSync(first)).toBe(false);
  });

  it("waits for a directory that has no log yet, then reads the first file from its start", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "thirty-jsonlog-"));
    const seen = await follow();
    writeFileSync(path.join(dir, "postgresql-20260101-000000.json"), line("first") + line("second"));
    await until(seen, 2);
    expect(seen).toEqual(["first", "second"]);
  });
});
