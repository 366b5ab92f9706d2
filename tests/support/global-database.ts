import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../server/db/embedded-postgres";
import { migrateDatabase } from "../../server/platform/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    dataDir: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * One real PostgreSQL for the whole run, in a fresh temp dir, migrated like production.
 * Test files reach it through inject("databaseUrl") (tests/support/database-env.ts sets
 * DATABASE_URL from it before any test module loads).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "thirty-vitest-"));
  const dataDir = path.join(scratch, "data");
  await mkdir(dataDir, { recursive: true });
  const log: string[] = [];
  const remember = (line: string) => {
    log.push(line);
    if (log.length > 40) log.shift();
  };
  let database;
  try {
    database = await startEmbeddedPostgres({ directory: path.join(scratch, "postgres"), onLog: remember });
    await migrateDatabase(ROOT, database.url);
  } catch (error) {
    await database?.stop();
    await rm(scratch, { recursive: true, force: true });
    console.error(log.join("\n"));
    throw error;
  }
  project.provide("databaseUrl", database.url);
  project.provide("dataDir", dataDir);
  const started = database;
  return async () => {
    await started.stop();
    await rm(scratch, { recursive: true, force: true });
  };
}
