import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const FILE = "runtime-id";
const ID = /^[0-9a-f-]{36}$/;

/**
 * The id of the runtime that owns this data dir, made once and kept in `$dataDir/runtime-id`:
 * instance rows carry it, so a runtime reconciles only what it runs itself, and it survives
 * restarts, so a runtime that comes back recognises its own rows and its own unfinished work.
 */
export function ensureRuntimeId(dataDir: string): string {
  const file = path.join(dataDir, FILE);
  const existing = readId(file);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  try {
    // "wx": two processes starting at once on a fresh data dir agree on the first one written.
    writeFileSync(file, `${randomUUID()}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const written = readId(file);
  if (!written) throw new Error(`${file} does not hold a runtime id: remove it and start again.`);
  return written;
}

function readId(file: string): string | null {
  try {
    const text = readFileSync(file, "utf8").trim();
    return ID.test(text) ? text : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
