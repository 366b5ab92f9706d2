import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The platform for the browser tests: the launcher on a fresh data dir (so every run
 * starts from an empty database), removed again when the launcher exits.
 * Set THIRTY_E2E_KEEP_DATA=1 to keep it for a look afterwards.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), "thirty-e2e-"));
process.env.THIRTY_DATA_DIR = dataDir;
// The browser tests deploy repositories they make there (e2e/helpers/apps.ts).
process.env.THIRTY_LOCAL_REPOSITORIES ??= path.join(os.tmpdir(), "thirty-test-repos");
delete process.env.DATABASE_URL;
delete process.env.THIRTY_SECRET;
console.log(`e2e platform data dir: ${dataDir}`);

process.on("exit", () => {
  if (process.env.THIRTY_E2E_KEEP_DATA === "1") return;
  try {
    rmSync(dataDir, { recursive: true, force: true });
  } catch {
    // PostgreSQL may still be writing if the launcher failed hard: leave the dir.
  }
});

void import("./start");
