import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

// Where its PostgreSQL servers are, for platform processes a spec starts on them
// (e2e/split.spec.ts); a previous run's file is removed first, so a spec never reads a
// platform that is gone.
const sharedFile = process.env.THIRTY_E2E_SHARED_PLATFORM_FILE;
if (sharedFile) rmSync(sharedFile, { force: true });
const sharing = sharedFile ? setInterval(shareOnceKnown, 100) : undefined;
sharing?.unref();

/**
 * The launcher sets these in this process once its PostgreSQL servers run (DATABASE_URL
 * last): it has no other way to tell.
 */
function shareOnceKnown(): void {
  const { DATABASE_URL, THIRTY_PG_ADMIN_URL } = process.env;
  if (!sharedFile || !DATABASE_URL || !THIRTY_PG_ADMIN_URL) return;
  clearInterval(sharing);
  // The URLs hold the servers' superuser passwords: readable by this user only.
  writeFileSync(sharedFile, JSON.stringify({ databaseUrl: DATABASE_URL, pgAdminUrl: THIRTY_PG_ADMIN_URL }), {
    mode: 0o600,
  });
}

process.on("exit", () => {
  if (sharedFile) rmSync(sharedFile, { force: true });
  if (process.env.THIRTY_E2E_KEEP_DATA === "1") return;
  try {
    rmSync(dataDir, { recursive: true, force: true });
  } catch {
    // PostgreSQL may still be writing if the launcher failed hard: leave the dir.
  }
});

void import("./start");
