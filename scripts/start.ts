import { mkdirSync } from "node:fs";
import path from "node:path";
import { getConfig, isolationProblem } from "../server/config";
import type { EmbeddedDatabase } from "../server/db/embedded-postgres";
import { startAppsPostgres, type AppsPostgres } from "../server/platform/apps-postgres";
import { allowServerOnlyImports } from "../server/platform/allow-server-only";
import {
  startServices,
  stopServices,
  type RunningService,
  type ServiceStarter,
} from "../server/platform/in-process-services";
import { openLogFile, type LogFile } from "../server/platform/log-file";
import { migrateDatabase } from "../server/platform/migrate";
import { spawnNext, waitForHttp, type NextProcess } from "../server/platform/next-process";
import { ensureBuild } from "../server/platform/next-build";
import { withHeapFlags } from "../server/platform/node-heap";
import { projectRoot } from "../server/platform/project-root";
import { describeRoles, isSplit, parseRoles, rolesProblem, type Role } from "../server/platform/roles";
import { ensureSecretKey } from "../server/platform/secret-key-file";

/**
 * The platform launcher (npm start): one process tree with PostgreSQL (embedded unless
 * DATABASE_URL is set), the services that run in this process, and the Next.js server.
 * THIRTY_ROLES picks the part of the platform this process runs (server/platform/roles.ts).
 */

const ROOT = projectRoot(import.meta.url);
const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

/** Services that run inside this process, started in order after migrations, stopped in reverse. */
function inProcessServices(roles: Set<Role>): ServiceStarter[] {
  // The worker and the runtime go together (rolesProblem refuses one without the other).
  if (!roles.has("worker")) return [];
  // Imported when started: its modules are server-only, which allowServerOnlyImports() permits.
  return [
    async (context) => (await import("../server/platform/deploy-platform")).startDeployPlatform(context),
  ];
}

function rolesOrExit(): Set<Role> {
  try {
    const roles = parseRoles(process.env.THIRTY_ROLES);
    const problem = rolesProblem(roles, process.env);
    if (!problem) return roles;
    console.error(problem);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
}

let stopping = false;
let pgLog: LogFile | undefined;
let database: Promise<EmbeddedDatabase | undefined> | undefined;
let appsDatabase: Promise<AppsPostgres> | undefined;
let services: RunningService[] = [];
// Still starting when Next.js may exit: a stop waits for them, so nothing (nginx) is left behind.
let servicesStarting: Promise<RunningService[]> | undefined;
let next: NextProcess | undefined;

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  allowServerOnlyImports();
  const config = getConfig();
  const roles = rolesOrExit();
  console.log(`This process runs ${describeRoles(roles)}.`);
  if (isSplit(roles) && roles.has("worker"))
    console.log(
      "The worker and the runtime share this process: actions run here start their instances on this machine.",
    );
  const dev = process.env.THIRTY_DEV === "1";
  const root = process.getuid?.() === 0;
  const refusal = isolationProblem(config, root);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  if (!root)
    console.warn(
      "Not running as root: apps run as this platform's own user, without a sandbox, cgroup limits or their own Unix users — they can read the data dir and each other. Only for a single tenant.",
    );
  mkdirSync(config.dataDir, { recursive: true });
  // Apps' users pass through the data dir to nothing but what their sandboxes bind.
  if (root) await (await import("../server/runtime/sandbox/app-directories")).prepareDataDir(config.dataDir);

  // embedded-postgres hooks SIGINT/SIGTERM on import to stop its servers and exit at once;
  // the launcher stops them itself, after Next.js, so it takes those signals back.
  const { startEmbeddedPostgres } = await withoutNewSignalListeners(
    () => import("../server/db/embedded-postgres"),
  );
  for (const signal of SIGNALS) process.on(signal, () => void shutdown(signal));

  const secret = await ensureSecretKey(config.dataDir);

  // Tenants' databases: an operator's server (THIRTY_PG_ADMIN_URL), else the platform's own
  // cluster, apart from the control plane's (server/platform/apps-postgres.ts says why). It
  // starts beside the control plane's: on a small machine that is a good part of the way to
  // a quick first answer.
  if (!process.env.THIRTY_PG_ADMIN_URL) {
    console.log(`Starting the apps' PostgreSQL in ${path.join(config.dataDir, "apps-postgres")}`);
    appsDatabase = startAppsPostgres({ directory: path.join(config.dataDir, "apps-postgres") });
    // Awaited below; a failure meanwhile must not count as unhandled.
    appsDatabase.catch(() => undefined);
  }

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const log = openLogFile(path.join(config.dataDir, "logs", "postgres.log"));
    pgLog = log;
    console.log(`Starting PostgreSQL in ${path.join(config.dataDir, "postgres")}`);
    database = startEmbeddedPostgres({ directory: path.join(config.dataDir, "postgres"), onLog: log.write });
    databaseUrl = (await database)?.url;
    if (!databaseUrl) throw new Error("PostgreSQL did not start.");
  }
  if (stopping) return;

  if (appsDatabase) process.env.THIRTY_PG_ADMIN_URL = (await appsDatabase).adminUrl;
  if (stopping) return;

  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    THIRTY_SECRET: secret,
    THIRTY_DATA_DIR: config.dataDir,
    BETTER_AUTH_URL: config.publicUrl,
  });

  console.log("Applying database migrations");
  await migrateDatabase(ROOT, databaseUrl);
  if (stopping) return;

  if (!dev && roles.has("web")) await ensureBuild(ROOT);
  if (stopping) return;

  let answering: Promise<void> = Promise.resolve();
  if (roles.has("web")) {
    const production: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
    const env = dev ? { ...process.env, NODE_ENV: "development" as const } : withHeapFlags(production);
    next = spawnNext({ root: ROOT, port: config.port, dev, env });
    const nextExited = next.exited;
    void nextExited.then((exit) => onNextExit(exit.code, exit.signal));
    answering = waitForHttp(`http://127.0.0.1:${config.port}/`, { timeoutMs: 180_000, abort: nextExited });
  }

  // The dashboard boots while the in-process services start: neither needs the other, and on a
  // small machine doing both at once is most of the way to a quick first answer. Both are
  // awaited to the end, so a failure of one never leaves the other starting unwatched.
  servicesStarting = startServices(inProcessServices(roles), {
    config,
    databaseUrl,
    root: ROOT,
    appsPostgresLogDir: (await appsDatabase)?.logDir,
  });
  const [started, answered] = await Promise.allSettled([servicesStarting, answering]);
  // A shutdown meanwhile stops these too: it waits for Next.js before stopping the services.
  if (started.status === "fulfilled") services = started.value;
  if (stopping) return;
  if (started.status === "rejected") throw started.reason;
  if (answered.status === "rejected") throw answered.reason;
  if (!roles.has("web")) {
    console.log(
      `\nthirtyloops is running ${[...roles].join(",")} (no dashboard in this process; data in ${config.dataDir}). Stop it with Ctrl-C or SIGTERM.\n`,
    );
    return;
  }
  const publicNote =
    config.publicUrl === `http://localhost:${config.port}` ? "" : `, public URL ${config.publicUrl}`;
  console.log(
    `\nthirtyloops is serving the dashboard on http://localhost:${config.port}${publicNote}` +
      ` (${dev ? "development" : "production"} mode, data in ${config.dataDir}). Stop it with Ctrl-C or SIGTERM.\n`,
  );
}

async function withoutNewSignalListeners<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}

function onNextExit(code: number | null, signal: NodeJS.Signals | null): void {
  // A signal sent to the whole process group can reach Next.js before this process
  // runs its own handler: give that handler a moment before calling the exit unexpected.
  setTimeout(() => {
    if (stopping) return;
    stopping = true;
    console.error(`next exited unexpectedly (${signal ?? `exit code ${code}`}): stopping the platform.`);
    void stopBackground().finally(() => process.exit(code || 1));
  }, 200);
}

async function shutdown(signal: string): Promise<void> {
  // The tsx wrapper relays the same signal a process-group kill already delivered.
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} received: stopping thirtyloops.`);
  await next?.stop(10_000);
  await stopBackground();
  console.log("thirtyloops stopped.");
  process.exit(0);
}

/** Everything but Next.js: in-process services, then PostgreSQL. */
async function stopBackground(): Promise<void> {
  const started = await servicesStarting?.catch(() => undefined);
  await stopServices(services.length ? services : (started ?? []));
  const apps = await appsDatabase?.catch(() => undefined);
  if (apps) {
    console.log("Stopping the apps' PostgreSQL");
    await apps.stop();
  }
  const db = await database?.catch(() => undefined);
  if (db) {
    console.log("Stopping PostgreSQL");
    await db.stop();
  }
  await pgLog?.close();
}

main().catch(async (error: unknown) => {
  if (stopping) return;
  stopping = true;
  console.error(`\nthirtyloops could not start: ${error instanceof Error ? error.message : String(error)}`);
  await next?.stop(10_000);
  await stopBackground();
  process.exit(1);
});
