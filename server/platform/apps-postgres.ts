import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, chmod, chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { findFreePort } from "./free-port";

const run = promisify(execFile);

/**
 * Tenants' databases live on their own PostgreSQL cluster, never on the control plane's:
 * a tenant's role cannot even log in where the platform keeps its data. The cluster runs on
 * the distribution's PostgreSQL (15 on Debian 12) because the backup and restore actions use
 * the distribution's pg_dump/pg_restore, which refuse a newer server (the control plane's
 * embedded server is 17).
 */
export const APPS_POSTGRES_BIN = process.env.THIRTY_APPS_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type AppsPostgres = {
  adminUrl: string;
  port: number;
  /** What pg_ctl captured before the logging collector took over (start-up failures). */
  logFile: string;
  /** The server's own log files (jsonlog, one JSON object a line): the apps' `postgres` lines. */
  logDir: string;
  stop: () => Promise<void>;
};

/** Settings for a small shared machine; every tenant database of the machine lives here. */
const SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  "unix_socket_directories = ''",
  "max_connections = 100",
  "shared_buffers = 16MB",
  "max_worker_processes = 2",
  "max_parallel_workers = 0",
  "max_parallel_workers_per_gather = 0",
  "max_wal_senders = 0",
  "wal_level = minimal",
  "autovacuum_max_workers = 1",
  "jit = off",
  "password_encryption = 'scram-sha-256'",
];

/** The file postgresql.conf includes; rewritten at every start, so older clusters follow too. */
const LOGGING_CONF = "thirtyloops-logging.conf";

function quoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * How the server logs. The collector writes jsonlog (one JSON object a line, naming the
 * database and user of each line) into `logDir`, where the platform follows it and hands each
 * app the lines about its own database (program postgres). Statements are never logged as
 * such (log_statement = none): the platform's admin sessions set passwords, and they also
 * raise their own log_min_error_statement so a failing one is not written out either.
 */
function loggingSettings(logDir: string): string[] {
  return [
    "logging_collector = on",
    "log_destination = 'jsonlog'",
    `log_directory = ${quoted(logDir)}`,
    // Names sort by time: the newest file is the one being written (postgres-log/jsonlog-tail.ts).
    "log_filename = 'postgresql-%Y%m%d-%H%M%S.log'",
    "log_file_mode = 0600",
    "log_rotation_age = 1d",
    "log_rotation_size = 16MB",
    "log_truncate_on_rotation = off",
    "log_timezone = 'UTC'",
    // For what still goes to stderr before the collector runs.
    "log_line_prefix = '%m [%p] db=%d,user=%u '",
    "log_connections = off",
    "log_disconnections = off",
    "log_statement = 'none'",
    "log_min_messages = warning",
    "log_min_error_statement = error",
    "log_lock_waits = on",
  ];
}

/** Points postgresql.conf at the platform's logging settings, written afresh. */
async function writeLoggingSettings(dir: string, logDir: string): Promise<void> {
  await writeFile(
    path.join(dir, LOGGING_CONF),
    `# Written by thirtyloops at every start; changes here are lost.\n${loggingSettings(logDir).join("\n")}\n`,
    { mode: 0o600 },
  );
  const conf = path.join(dir, "postgresql.conf");
  const include = `include_if_exists = '${LOGGING_CONF}'`;
  if (!(await readFile(conf, "utf8")).includes(include)) await appendFile(conf, `\n${include}\n`);
}

type Owner = { uid: number; gid: number } | null;

/** PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user. */
async function clusterOwner(): Promise<Owner> {
  if (process.getuid?.() !== 0) return null;
  const { stdout } = await run("getent", ["passwd", "postgres"]).catch(() => {
    throw new Error(
      "The apps' PostgreSQL runs as the postgres user, which does not exist: install postgresql-15.",
    );
  });
  const [, , uid, gid] = stdout.trim().split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

async function asOwner(owner: Owner, program: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(path.join(APPS_POSTGRES_BIN, program), args, {
      ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
      // Out of any directory root keeps to itself: the postgres user could not enter it.
      cwd: "/",
      // Never the platform's own environment (its DATABASE_URL, its secret).
      env: { PATH: "/usr/bin:/bin", LANG: "C.UTF-8", NODE_ENV: process.env.NODE_ENV },
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const detail = error as { stderr?: string; stdout?: string; code?: unknown };
    throw new Error(
      `${program} ${args.join(" ")} failed: ${(detail.stderr || detail.stdout || String(error)).trim()}`,
    );
  }
}

async function ownedBy(owner: Owner, target: string): Promise<void> {
  if (owner) await chown(target, owner.uid, owner.gid);
}

/**
 * Starts (initialising on first use) the apps' cluster in `directory`. Its superuser password
 * and port are kept beside it, so later starts find the same server the database rows name.
 */
export async function startAppsPostgres(options: { directory: string }): Promise<AppsPostgres> {
  const dir = path.resolve(options.directory);
  const owner = await clusterOwner();
  await mkdir(path.dirname(dir), { recursive: true });
  await chmod(path.dirname(dir), 0o711);
  const passwordFile = `${dir}.password`;
  const logDir = `${dir}-logs`;
  const logFile = path.join(logDir, "postgres.log");
  await mkdir(logDir, { recursive: true, mode: 0o750 });
  await ownedBy(owner, logDir);
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { mode: 0o700 });
    await ownedBy(owner, dir);
    const password = randomBytes(24).toString("base64url");
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    // initdb reads the password from a file the postgres user can read, removed right after.
    const pwfile = `${dir}.initpw`;
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    await ownedBy(owner, pwfile);
    try {
      await asOwner(owner, "initdb", [
        "-D",
        dir,
        "-U",
        "postgres",
        "--pwfile",
        pwfile,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
      ]);
    } finally {
      await rm(pwfile, { force: true });
    }
    const port = Number(process.env.THIRTY_APPS_PG_PORT) || (await findFreePort());
    await appendFile(
      path.join(dir, "postgresql.conf"),
      `\n# thirtyloops: the apps' cluster\nport = ${port}\n${SETTINGS.join("\n")}\n`,
    );
  }
  await writeLoggingSettings(dir, logDir);
  for (const file of [path.join(dir, LOGGING_CONF), path.join(dir, "postgresql.conf")])
    await ownedBy(owner, file);
  const password = (await readFile(passwordFile, "utf8")).trim();
  const port = await configuredPort(dir);
  const status = await asOwner(owner, "pg_ctl", ["status", "-D", dir]).catch(() => "");
  // A platform that crashed leaves the server running: it is the same cluster, reuse it. It
  // rereads the logging settings; one started before they existed (no collector, so no
  // current_logfiles) is restarted once, since the collector only starts with the server.
  if (status.includes("server is running")) {
    if (existsSync(path.join(dir, "current_logfiles"))) await asOwner(owner, "pg_ctl", ["reload", "-D", dir]);
    else
      await asOwner(owner, "pg_ctl", ["restart", "-w", "-t", "60", "-m", "fast", "-D", dir, "-l", logFile]);
  } else {
    await asOwner(owner, "pg_ctl", ["start", "-w", "-t", "60", "-D", dir, "-l", logFile]).catch(
      async (error: unknown) => {
        const tail = (await readFile(logFile, "utf8").catch(() => ""))
          .trim()
          .split("\n")
          .slice(-5)
          .join("\n");
        throw new Error(`The apps' PostgreSQL did not start: ${String(error)}\n${tail}`);
      },
    );
  }
  return {
    adminUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    logFile,
    logDir,
    stop: async () => {
      await asOwner(owner, "pg_ctl", ["stop", "-w", "-m", "fast", "-D", dir]).catch(() => undefined);
    },
  };
}

async function configuredPort(dir: string): Promise<number> {
  const conf = await readFile(path.join(dir, "postgresql.conf"), "utf8");
  const matches = [...conf.matchAll(/^port = (\d+)$/gm)];
  const port = Number(matches.at(-1)?.[1]);
  if (!port) throw new Error(`No port in ${dir}/postgresql.conf.`);
  return port;
}
