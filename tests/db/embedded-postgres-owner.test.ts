import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { waitUntil } from "../support/bounded-wait";
import { processExists as alive } from "@/server/platform/process-exists";

// The platform's PostgreSQL runs in a process group of its own, stopped by its owner: a signal
// to the owner's group (Ctrl-C, Playwright stopping its webServer) must not stop it first, and
// the owner dying, even by SIGKILL, must not leave it running.
const scratch = mkdtempSync(path.join(os.tmpdir(), "thirty-pg-owner-"));
// PostgreSQL runs as its own user, which must walk into the cluster's directory.
chmodSync(scratch, 0o755);
const owners: ChildProcess[] = [];

afterAll(() => {
  for (const owner of owners) if (owner.exitCode === null && owner.signalCode === null) owner.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

/** An owner process leading its own group (as Playwright starts its webServer). */
async function startOwner(
  name: string,
): Promise<{ owner: ChildProcess; url: string; postmaster: number; output: () => string }> {
  const directory = path.join(scratch, name, "postgres");
  const owner = spawn(process.execPath, ["--import", "tsx", "tests/support/postgres-owner.ts", directory], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  owners.push(owner);
  let output = "";
  owner.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  owner.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitUntil(() => /READY \S+/.test(output) || owner.exitCode !== null, "PostgreSQL to start", {
    timeoutMs: 120_000,
  });
  const url = /READY (\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`the owner did not start PostgreSQL:\n${output}`);
  const postmaster = Number(readFileSync(path.join(directory, "postmaster.pid"), "utf8").split("\n")[0]);
  return { owner, url, postmaster, output: () => output };
}

function processGroup(pid: number): number {
  // /proc/<pid>/stat: pid (comm) state ppid pgrp …; comm may hold spaces, so after the last ")".
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("[DB] the embedded PostgreSQL and the process that owns it", () => {
  it("runs apart from its owner's process group: SIGTERM to that group lets the owner stop it last", async () => {
    const { owner, url, postmaster, output } = await startOwner("group");
    expect(processGroup(postmaster)).not.toBe(processGroup(owner.pid ?? 0));
    const exited = new Promise((resolve) => owner.once("exit", resolve));
    process.kill(-(owner.pid ?? 0), "SIGTERM");
    await waitUntil(() => owner.exitCode !== null || owner.signalCode !== null, "the owner to stop", {
      timeoutMs: 60_000,
    });
    await exited;
    expect(owner.exitCode, output()).toBe(0);
    // Only the owner's stop reached it (a fast shutdown), never the group's SIGTERM (a smart one).
    expect(output()).toContain("received fast shutdown request");
    expect(output()).not.toContain("smart shutdown");
    expect(alive(postmaster)).toBe(false);
    expect(await answers(url)).toBe(false);
  }, 180_000);

  it("stops when its owner is killed with SIGKILL (nothing left running)", async () => {
    const { owner, url, postmaster } = await startOwner("kill");
    expect(await answers(url)).toBe(true);
    process.kill(-(owner.pid ?? 0), "SIGKILL");
    await waitUntil(() => !alive(postmaster), "PostgreSQL to stop after its owner died", {
      timeoutMs: 60_000,
    });
    expect(await answers(url)).toBe(false);
  }, 180_000);
});
