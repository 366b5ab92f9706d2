import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, renameSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startEdgeServer } from "../edge/http-server";
import { makeGitRepository, type Files } from "../support/git-repository";
import { TEST_QUEUE_SCHEMAS } from "../support/queue-schemas";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Where deployable local repositories must live (THIRTY_LOCAL_REPOSITORIES). */
export const LOCAL_REPOSITORIES = path.join(os.tmpdir(), "thirty-test-repos");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Compiles the client the way `npm run setup` does, so the tests run the shipped binary. */
export function buildClient(): void {
  execFileSync("npm", ["run", "--silent", "build:cli"], { cwd: ROOT, stdio: "inherit" });
}

/** A git repository under LOCAL_REPOSITORIES, readable by the sandboxed app user. */
export function deployableRepository(files: Files): string {
  mkdirSync(LOCAL_REPOSITORIES, { recursive: true, mode: 0o755 });
  chmodSync(LOCAL_REPOSITORIES, 0o755);
  const repo = makeGitRepository(files);
  const dir = path.join(LOCAL_REPOSITORIES, path.basename(repo.dir));
  renameSync(repo.dir, dir);
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * A whole platform on loopback: the REST API served over a real socket from this process,
 * and the deploy side (queue worker, runtime, router) as a child process like `npm start`
 * runs it. A private queue schema keeps other test files' jobs out of this worker.
 */
export async function startPlatform(): Promise<{
  uri: string;
  routerPort: number;
  stop: () => Promise<void>;
}> {
  const queueSchema = TEST_QUEUE_SCHEMAS.cli;
  process.env.THIRTY_QUEUE_SCHEMA = queueSchema;
  process.env.THIRTY_LOCAL_REPOSITORIES = LOCAL_REPOSITORIES;
  const routerPort = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "tests/support/platform-child.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        // The same data dir as the REST side in this process, as web and worker share one in
        // production: an uploaded dump must reach the worker that restores it.
        THIRTY_DATA_DIR:
          process.env.THIRTY_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "thirty-cli-data-")),
        ROUTER_PORT: String(routerPort),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("READY")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`platform exited early (${code})`)));
  });
  const edge = await startEdgeServer();
  return {
    uri: `http://127.0.0.1:${edge.port}`,
    routerPort,
    stop: async () => {
      await edge.close();
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
    },
  };
}
