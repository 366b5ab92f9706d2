import { chmodSync, mkdtempSync } from "node:fs";
import path from "node:path";

/**
 * A fresh data dir for a runtime a test starts, inside this run's scratch dir: when the run
 * ends (or a later run finds it abandoned, tests/support/abandoned-test-runs.ts) the dir goes,
 * and with it every app user that names it as its only owner can be removed.
 */
export function makeTestDataDir(prefix: "d" | "r" | "w" | "s"): string {
  const runDataDir = process.env.THIRTY_DATA_DIR;
  if (!runDataDir) throw new Error("THIRTY_DATA_DIR is not set: tests/support/database-env.ts sets it.");
  // Right in the scratch dir, with a one-letter prefix: gunicorn's unix sockets live a few
  // levels below, and a socket's path may not pass 107 bytes.
  const parent = path.dirname(runDataDir);
  chmodSync(parent, 0o711);
  const dir = mkdtempSync(path.join(parent, `${prefix}-`));
  // Like the platform's data dir: nginx's workers (another user) pass through, not list it.
  chmodSync(dir, 0o711);
  return dir;
}
