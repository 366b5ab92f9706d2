import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { commitAll } from "./bench/git-commit";
import { megabytes, printTree, processTree, read, type TreeProcess } from "./bench/process-tree";

/**
 * npm run bench:footprint — what the platform costs a small machine. Starts `npm start` on a
 * fresh data dir (ports beside a dev instance), sums the PSS of every process in its tree at
 * rest, then with five small WSGI apps deployed through the REST API; then stops it and times
 * `npm start` → first HTTP answer on the existing data dir.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PORT = Number(process.env.BENCH_PORT ?? 3600);
const ROUTER_PORT = Number(process.env.BENCH_ROUTER_PORT ?? 8680);
const APPS = Number(process.env.BENCH_APPS ?? 5);
// Longer than the 10 s after which pg pools close idle connections: at rest means steady.
const SETTLE_MS = 12_000;
const ACCOUNT = "bench";
const PASSWORD = "bench-password-1";
const AUTH = Buffer.from(`${ACCOUNT}:${PASSWORD}`).toString("base64");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Platform = { child: ChildProcess; exited: Promise<void> };

function startPlatform(scratch: string, repositories: string): Platform {
  // Its own process group: stopping it is one signal to that group, as Ctrl-C would send.
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      PORT: String(PORT),
      ROUTER_PORT: String(ROUTER_PORT),
      THIRTY_DATA_DIR: path.join(scratch, "data"),
      THIRTY_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      THIRTY_AUTH_RATE_LIMIT: "off",
      THIRTY_LOCAL_REPOSITORIES: repositories,
      DATABASE_URL: "",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, exited };
}

async function stopPlatform(platform: Platform): Promise<void> {
  const pid = platform.child.pid;
  if (pid === undefined) return;
  // npm passes SIGTERM on to the launcher, which stops Next.js, the apps, then PostgreSQL in
  // that order (a signal to the whole group would stop PostgreSQL under the apps' last logs).
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, 30_000);
  await platform.exited;
  clearTimeout(timer);
}

/** Milliseconds until the dashboard gives any HTTP answer. */
async function firstAnswer(started: number, platform: Platform): Promise<number> {
  let exited = false;
  void platform.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error("the platform exited before answering");
    try {
      const response = await fetch(`http://127.0.0.1:${PORT}/login`, {
        redirect: "manual",
        signal: AbortSignal.timeout(5000),
      });
      await response.body?.cancel();
      return performance.now() - started;
    } catch {
      await sleep(25);
    }
  }
}

async function api(method: string, urlPath: string, body?: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${PORT}/0.9/${urlPath}`, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Basic ${AUTH}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function routerGet(host: string): Promise<number> {
  return new Promise((resolve) => {
    http
      .get(
        { host: "127.0.0.1", port: ROUTER_PORT, path: "/", headers: { Host: host }, agent: false },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      )
      .on("error", () => resolve(0));
  });
}

function makeRepository(parent: string): string {
  const repo = path.join(parent, "tiny");
  mkdirSync(repo, { recursive: true });
  writeFileSync(
    path.join(repo, "app.py"),
    'def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"ok"]\n',
  );
  writeFileSync(path.join(repo, "thirty.ini"), "[wsgi]\nentrypoint = app:application\n");
  commitAll(repo, "tiny");
  // The app's sandbox reads the repository as another user: everything world-readable.
  execFileSync("chmod", ["-R", "a+rX", parent]);
  return repo;
}

async function deployApps(repo: string): Promise<void> {
  const signup = await fetch(`http://127.0.0.1:${PORT}/0.9/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      account: ACCOUNT,
      username: ACCOUNT,
      email: "bench@example.org",
      password: PASSWORD,
    }),
  });
  if (!signup.ok) throw new Error(`signup: ${signup.status} ${await signup.text()}`);
  const logbooks: string[] = [];
  for (let i = 1; i <= APPS; i++) {
    const name = `tiny${i}`;
    const created = await api("POST", `${ACCOUNT}/apps`, { name, repository: { name, location: repo } });
    if (!created.ok) throw new Error(`create ${name}: ${created.status} ${await created.text()}`);
    const queued = await api("POST", `${ACCOUNT}/apps/${name}`, { action: "deploy" });
    if (!queued.ok) throw new Error(`deploy ${name}: ${queued.status} ${await queued.text()}`);
    logbooks.push((queued.headers.get("Location") ?? "").replace(/^.*\/0\.9\//, ""));
  }
  for (const logbook of logbooks) {
    for (;;) {
      const body = (await (await api("GET", logbook)).json()) as { status: string };
      if (body.status === "finished") break;
      if (body.status === "error") throw new Error(`deploy failed: see ${logbook}`);
      await sleep(250);
    }
  }
  for (let i = 1; i <= APPS; i++) {
    const host = `tiny${i}-${ACCOUNT}.localhost`;
    while ((await routerGet(host)) !== 200) await sleep(250);
  }
}

/** The apps' PostgreSQL cluster: pg_ctl daemonizes it, so it is no child of the launcher. */
function appsPostgresTree(dataDir: string): TreeProcess[] {
  try {
    const pid = Number(
      readFileSync(path.join(dataDir, "apps-postgres", "postmaster.pid"), "utf8").split("\n")[0],
    );
    return pid > 0 ? processTree(pid) : [];
  } catch {
    return [];
  }
}

/** Prints the control plane (the npm process apart) and the apps' processes apart. */
function report(title: string, npmPid: number, dataDir: string): void {
  const tree = processTree(npmPid);
  const [npm, ...rest] = tree;
  if (!npm) throw new Error("the platform is not running");
  // Apps' processes carry their instance's marker (INSTANCE_ID) in their environment, or
  // descend from one that does (a sandbox's inside has a clean environment); everything else
  // the launcher started is the control plane, its PostgreSQL's watchdog included.
  const isApp = new Map<number, boolean>();
  for (const p of rest) {
    const marked = (read(`/proc/${p.pid}/environ`) ?? "")
      .split("\0")
      .some((v) => v.startsWith("INSTANCE_ID="));
    isApp.set(p.pid, (isApp.get(p.ppid) ?? false) || marked);
  }
  const control = rest.filter((p) => !isApp.get(p.pid));
  const apps = rest.filter((p) => isApp.get(p.pid));
  console.log(`\n== ${title}`);
  console.log(`  (npm itself, pid ${npm.pid}: ${megabytes(npm.pssKb)}, not counted)`);
  const controlTotal = printTree("control plane:", control);
  const tenantDatabases = appsPostgresTree(dataDir);
  if (tenantDatabases.length) {
    const databasesTotal = printTree(
      "apps' PostgreSQL (tenant databases, daemonized by pg_ctl):",
      tenantDatabases,
    );
    console.log(`  control plane with the apps' PostgreSQL: ${megabytes(controlTotal + databasesTotal)}`);
  }
  if (apps.length) printTree("apps:", apps);
  const byKind = (processes: TreeProcess[], pattern: RegExp) =>
    processes.filter((p) => pattern.test(p.command)).reduce((sum, p) => sum + p.pssKb, 0);
  console.log(
    `  of which postgres ${megabytes(byKind(control, /postgres/))}, next-server ${megabytes(byKind(control, /next-server|next start/))}`,
  );
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "thirty-bench-footprint-"));
  // PostgreSQL and the apps run as other users and must walk into the data dir.
  chmodSync(scratch, 0o755);
  const repositories = path.join(scratch, "repositories");
  const repo = makeRepository(repositories);
  let platform = startPlatform(scratch, repositories);
  try {
    const started = performance.now();
    await firstAnswer(started, platform);
    const pid = platform.child.pid ?? 0;
    await sleep(SETTLE_MS);
    report(`at rest, no apps, fresh data dir (${os.cpus().length} CPUs)`, pid, path.join(scratch, "data"));

    if (APPS > 0) {
      await deployApps(repo);
      await sleep(SETTLE_MS);
      report(`${APPS} apps deployed and serving`, pid, path.join(scratch, "data"));
    }

    await stopPlatform(platform);
    const restarted = performance.now();
    platform = startPlatform(scratch, repositories);
    const ms = await firstAnswer(restarted, platform);
    console.log(`\nnpm start on the existing data dir → first HTTP answer: ${(ms / 1000).toFixed(2)} s`);
    // The apps restart in the background; wait for them so the stop below finds a quiet tree.
    await sleep(SETTLE_MS);
    report(`restarted with ${APPS} apps`, platform.child.pid ?? 0, path.join(scratch, "data"));
  } finally {
    await stopPlatform(platform);
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
