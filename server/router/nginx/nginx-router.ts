import "server-only";
import { constants } from "node:fs";
import { access, chmod, mkdir, readFile, realpath, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { ensureSystemGroup, isRoot, ROUTER_GROUP } from "@/server/platform/system-accounts";
import type { AccessLogEntry } from "../access-log";
import { ERROR_PAGE_STATUSES, errorPageHtml } from "../error-pages";
import type { InMemoryRouteTable, Route, RouteEntry } from "../route-table";
import { newAccessLogToken } from "./access-log-line";
import { startAccessLogTail, type AccessLogTail } from "./access-log-tail";
import { assertNginxInstalled, NginxProcess } from "./nginx-process";
import { renderNginxConfig, type NginxConfigInput } from "./render-config";

export type NginxRouterOptions = {
  port: number;
  /** Listen address; all addresses when absent. */
  host?: string;
  /** nginx's own directory, `<dataDir>/router`. */
  prefix: string;
  table: InMemoryRouteTable;
  onAccessLog?: (entry: AccessLogEntry) => void;
  binary?: string;
  maxBodySize?: string;
  workerProcesses?: number | "auto";
  log?: (message: string) => void;
  /**
   * Take over an nginx an earlier platform process left running, and apply no route table
   * until `release()`: the one it serves stays until this process has every app in its own.
   */
  hold?: boolean;
};

export type NginxRouter = {
  port: number;
  prefix: string;
  /** The access log file nginx writes and the platform follows. */
  accessLogFile: string;
  /** Resolves once nginx serves the route table as it is now (false if that failed; logged). */
  settle: () => Promise<boolean>;
  /** Resolves once the workers replaced by reloads so far have finished (false on timeout). */
  drain: (timeoutMs: number) => Promise<boolean>;
  /** Ends a hold: the route table is applied from now on. */
  release: () => void;
  close: () => Promise<void>;
};

const MIME_TYPES = "/etc/nginx/mime.types";

function workersFromEnv(): number | "auto" {
  const value = process.env.THIRTY_ROUTER_WORKERS;
  return value && /^\d+$/.test(value) ? Number(value) : "auto";
}

/**
 * The token nginx's access lines carry (access-log-line.ts), kept in the router's root-only
 * directory: a taken-over nginx goes on writing the one it was started with.
 */
async function accessLogToken(prefix: string, adopted: boolean): Promise<string> {
  const file = path.join(prefix, "access-log.token");
  const kept = adopted ? (await readFile(file, "utf8").catch(() => "")).trim() : "";
  if (kept) return kept;
  const token = newAccessLogToken();
  await writeFile(file, token, { mode: 0o600 });
  return token;
}

/** A directory's real path (disable_symlinks checks every component); as given when absent. */
async function real(dir: string | undefined): Promise<string | undefined> {
  if (dir === undefined) return undefined;
  return realpath(dir).catch(() => path.resolve(dir));
}

async function resolveDirs(route: Route): Promise<Route> {
  if (route.kind === "static")
    return {
      ...route,
      rootDir: (await real(route.rootDir)) ?? route.rootDir,
      mediaDir: await real(route.mediaDir),
    };
  return { ...route, staticDir: await real(route.staticDir), mediaDir: await real(route.mediaDir) };
}

/** Warns when nginx's workers (other users) could not reach the router's directory. */
async function checkTraversable(dir: string, log: (message: string) => void): Promise<void> {
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const info = await stat(current).catch(() => null);
    if (info && (info.mode & 0o001) === 0) {
      log(
        `The router's workers cannot enter ${current} (mode ${(info.mode & 0o777).toString(8)}): ` +
          "error pages and request bodies will fail. Give it o+x (0711).",
      );
      return;
    }
  }
}

/**
 * The platform's router: an nginx of its own in front of app instances, configured from the
 * route table. Changes are rendered, checked with `nginx -t`, and applied by a graceful reload;
 * bursts of changes become one reload.
 */
export async function startNginxRouter(options: NginxRouterOptions): Promise<NginxRouter> {
  const binary = options.binary ?? process.env.THIRTY_NGINX ?? "/usr/sbin/nginx";
  await assertNginxInstalled(binary);
  const log = options.log ?? ((message: string) => console.error(`[router] ${message}`));
  const prefix = path.resolve(options.prefix);
  const errorPagesDir = path.join(prefix, "errors");
  const confPath = path.join(prefix, "nginx.conf");
  const nextConfPath = path.join(prefix, "nginx.next.conf");
  // Workers run as another user: they must pass through the prefix (not list it) to reach
  // their temp dirs and the error pages. The configuration itself stays readable by root only.
  await mkdir(path.join(prefix, "temp"), { recursive: true });
  await mkdir(errorPagesDir, { recursive: true });
  await chmod(prefix, 0o711);
  await chmod(path.join(prefix, "temp"), 0o711);
  await chmod(errorPagesDir, 0o755);
  for (const status of ERROR_PAGE_STATUSES)
    await writeFile(path.join(errorPagesDir, `${status}.html`), errorPageHtml(status), { mode: 0o644 });

  let user: NginxConfigInput["user"];
  if (isRoot()) {
    await ensureSystemGroup(ROUTER_GROUP);
    user = { name: "nobody", group: ROUTER_GROUP };
    await checkTraversable(prefix, log);
  }
  const mimeTypesFile = await access(MIME_TYPES, constants.R_OK).then(
    () => MIME_TYPES,
    () => undefined,
  );
  const nginx = new NginxProcess({
    binary,
    prefix,
    confPath,
    errorLogPath: path.join(prefix, "error.log"),
    log,
    beforeRestart: () => writeConfig(confPath),
  });
  const adopted = options.hold ? await nginx.adopt() : false;
  const accessLog = { file: path.join(prefix, "access.log"), token: await accessLogToken(prefix, adopted) };
  const base = {
    prefix,
    listen: { host: options.host, port: options.port },
    workerProcesses: options.workerProcesses ?? workersFromEnv(),
    user,
    errorPagesDir,
    mimeTypesFile,
    maxBodySize: options.maxBodySize ?? process.env.THIRTY_ROUTER_MAX_BODY ?? "100m",
    accessLog,
  };
  const reported = new Set<string>();

  async function writeConfig(target: string): Promise<void> {
    const routes: RouteEntry[] = await Promise.all(
      options.table.entries().map(async (entry) => ({ ...entry, route: await resolveDirs(entry.route) })),
    );
    const { text, problems } = renderNginxConfig({ ...base, routes });
    for (const problem of problems) if (!reported.has(problem)) log(problem);
    reported.clear();
    for (const problem of problems) reported.add(problem);
    await writeFile(target, text, { mode: 0o600 });
  }

  let appliedVersion = options.table.version;
  if (!adopted) {
    await writeConfig(confPath);
    const first = await nginx.test(confPath);
    if (!first.ok) {
      throw new Error(`The router's configuration was refused by nginx -t:\n${first.output}`);
    }
    await nginx.start();
  }
  const tail: AccessLogTail = await startAccessLogTail({
    ...accessLog,
    onEntry: (entry) => options.onAccessLog?.(entry),
    reopen: () => nginx.reopenLogs(),
  });

  let timer: NodeJS.Timeout | null = null;
  let applying = false;
  let held = Boolean(options.hold);
  // A taken-over nginx serves the previous process's table: replaced once released.
  let stale = adopted;
  let waiters: { version: number; resolve: (ok: boolean) => void }[] = [];

  async function applyOnce(): Promise<boolean> {
    try {
      await writeConfig(nextConfPath);
      const check = await nginx.test(nextConfPath);
      if (!check.ok) {
        log(`nginx -t refused the new configuration; the previous one keeps serving.\n${check.output}`);
        return false;
      }
      await rename(nextConfPath, confPath);
      await nginx.reload();
      return true;
    } catch (error) {
      log(`Applying the route table failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  async function applyPending(): Promise<void> {
    timer = null;
    applying = true;
    try {
      while (stale || appliedVersion < options.table.version) {
        stale = false;
        const version = options.table.version;
        const ok = await applyOnce();
        appliedVersion = version;
        const done = waiters.filter((w) => w.version <= version);
        waiters = waiters.filter((w) => w.version > version);
        for (const waiter of done) waiter.resolve(ok);
      }
    } finally {
      applying = false;
    }
  }

  // Changes arriving together (a switch touches several instances) wait a moment for each
  // other; one already being applied is followed by one more reload at most.
  function schedule(): void {
    if (timer || applying || held) return;
    timer = setTimeout(() => void applyPending(), 10);
  }
  const unsubscribe = options.table.onChange(schedule);

  return {
    port: options.port,
    prefix,
    accessLogFile: accessLog.file,
    settle: () => {
      const version = options.table.version;
      if (version <= appliedVersion && !held) return Promise.resolve(true);
      schedule();
      return new Promise((resolve) => waiters.push({ version, resolve }));
    },
    drain: (timeoutMs) => nginx.waitForRetired(timeoutMs),
    release: () => {
      if (!held) return;
      held = false;
      if (stale || appliedVersion < options.table.version) schedule();
      else for (const waiter of waiters.splice(0)) waiter.resolve(true);
    },
    close: async () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      await nginx.stop();
      await tail.close();
      for (const waiter of waiters) waiter.resolve(false);
      waiters = [];
    },
  };
}
