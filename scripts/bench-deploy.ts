import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { git } from "./bench/git-commit";
import { allowServerOnlyImports } from "../server/platform/allow-server-only";

/**
 * npm run bench:deploy — median time from queuing a deploy to the new release answering
 * through the router, for a small WSGI app: normal deploys (virtualenv reused) and clean ones.
 * Everything is real: embedded PostgreSQL, the graphile-worker queue, git, gunicorn, the router.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function get(port: number, host: string): Promise<string> {
  return new Promise((resolve) => {
    http
      .get({ host: "127.0.0.1", port, path: "/", headers: { Host: host }, agent: false }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve(body));
        res.on("error", () => resolve(""));
      })
      .on("error", () => resolve(""));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  allowServerOnlyImports();
  const scratch = mkdtempSync(path.join(os.tmpdir(), "thirty-bench-deploy-"));
  // nginx's workers and the app's own user pass through to sockets, files and the repository.
  chmodSync(scratch, 0o755);
  const repositories = path.join(scratch, "repos");
  mkdirSync(repositories, { mode: 0o755 });
  process.env.THIRTY_LOCAL_REPOSITORIES = repositories;
  process.env.THIRTY_DATA_DIR = path.join(scratch, "data");
  process.env.THIRTY_SECRET = "bench-only-secret-0123456789abcdef0123456789";
  process.env.ROUTER_PORT = String(18000 + Math.floor(Math.random() * 2000));
  const { startEmbeddedPostgres } = await import("../server/db/embedded-postgres");
  const { migrateDatabase } = await import("../server/platform/migrate");
  const database = await startEmbeddedPostgres({
    directory: path.join(scratch, "postgres"),
    onLog: () => undefined,
  });
  process.env.DATABASE_URL = database.url;
  await migrateDatabase(ROOT, database.url);
  const { getConfig } = await import("../server/config");
  const { startDeployPlatform } = await import("../server/platform/deploy-platform");
  const { signUp } = await import("../server/services/accounts/sign-up");
  const { createApp } = await import("../server/services/apps/create-app");
  const { queueAction } = await import("../server/services/actions/queue-action");
  const { getLogbook } = await import("../server/services/actions/logbook");
  const platform = await startDeployPlatform(
    { config: getConfig(), databaseUrl: database.url, root: ROOT },
    { routerHost: "127.0.0.1" },
  );
  try {
    const repo = mkdtempSync(path.join(repositories, "repo-"));
    chmodSync(repo, 0o755);
    const commit = (version: string) => {
      writeFileSync(
        path.join(repo, "app.py"),
        `def application(e, s):\n    s("200 OK", [])\n    return [b"${version}"]\n`,
      );
      git(repo, "add", "-A");
      git(repo, "commit", "--quiet", "-m", version);
    };
    git(repo, "init", "--quiet");
    // gunicorn is satisfied from the host's packages, so pip runs without a network.
    writeFileSync(
      path.join(repo, "thirty.ini"),
      "[environment]\nrequirements = requirements.txt\n\n[wsgi]\nentrypoint = app:application\n",
    );
    writeFileSync(path.join(repo, "requirements.txt"), "gunicorn\n");
    commit("v0");
    const { account, user } = await signUp({
      account: "bench",
      username: "bench",
      email: "bench@example.org",
      password: "bench-password-1",
    });
    const caller = { userId: user.id, username: "bench", accountId: account.id, accountName: account.name };
    await createApp(caller, { name: "web", repository: { name: "web", location: repo } } as never);
    const host = `web-bench.${getConfig().platformDomain}`;

    const deploy = async (version: string, clean: boolean): Promise<number> => {
      commit(version);
      const started = performance.now();
      const queued = await queueAction(caller, {
        appName: "web",
        target: "app",
        request: { action: "deploy", options: { clean } },
      });
      for (;;) {
        if ((await get(platform.routerPort, host)) === version) return performance.now() - started;
        const logbook = await getLogbook(caller, queued.id);
        if (logbook.status === "error") throw new Error(logbook.messages.map((m) => m.message).join("\n"));
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    console.log(`first deploy (creates the virtualenv): ${(await deploy("first", false)).toFixed(0)} ms`);
    const normal: number[] = [];
    const clean: number[] = [];
    for (let i = 0; i < ROUNDS; i++) normal.push(await deploy(`normal-${i}`, false));
    for (let i = 0; i < ROUNDS; i++) clean.push(await deploy(`clean-${i}`, true));
    const show = (values: number[]) => values.map((v) => v.toFixed(0)).join(", ");
    console.log(`normal deploy: median ${median(normal).toFixed(0)} ms  (${show(normal)})`);
    console.log(`clean deploy:  median ${median(clean).toFixed(0)} ms  (${show(clean)})`);
    console.log(
      `(queue → new release answering through the router; ${ROUNDS} rounds each, ${os.cpus().length} CPUs)`,
    );
  } finally {
    await platform.stop();
    const { releaseActionQueue } = await import("../server/queue/action-queue");
    await releaseActionQueue();
    await database.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
