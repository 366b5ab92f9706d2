import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { makeTestDataDir } from "../support/test-data-dir";
import { uniqueName } from "../support/test-accounts";
import { stopLeftoverNginx } from "./leftover-nginx";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type Launched = { child: ChildProcess; output: () => string; dataDir: string };

/**
 * Platform processes started by the launcher (npm start's scripts/start.ts) with the roles
 * given, on the test PostgreSQL, each with its own data dir unless told which; stopped and
 * cleaned up by `stopAll`.
 */
export function launcher(queueSchema: string) {
  const launched: Launched[] = [];
  return {
    launched,
    async launch(
      roles: string,
      env: Record<string, string>,
      ready: RegExp,
      dataDir = makeTestDataDir("s"),
    ): Promise<Launched> {
      let output = "";
      const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
        cwd: ROOT,
        env: {
          ...process.env,
          THIRTY_ROLES: roles,
          THIRTY_QUEUE_SCHEMA: queueSchema,
          THIRTY_DATA_DIR: dataDir,
          THIRTY_AUTH_RATE_LIMIT: "off",
          NEXT_TELEMETRY_DISABLED: "1",
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const started = { child, output: () => output, dataDir };
      launched.push(started);
      await new Promise<void>((resolve, reject) => {
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          if (ready.test(output)) resolve();
        };
        child.stdout?.on("data", collect);
        child.stderr?.on("data", collect);
        child.on("exit", (code) => reject(new Error(`${roles} exited early (${code}):\n${output}`)));
      });
      return started;
    },
    async stopAll(): Promise<void> {
      await Promise.all(
        launched.map(({ child }) => {
          if (child.exitCode !== null || child.signalCode !== null) return undefined;
          child.kill("SIGTERM");
          return new Promise((resolve) => child.once("exit", resolve));
        }),
      );
      for (const dataDir of new Set(launched.map((l) => l.dataDir))) {
        stopLeftoverNginx(dataDir);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A new account signed up through the REST API of `web`, with the headers that act as it. */
export async function signUpThroughRest(
  web: string,
  prefix: string,
): Promise<{
  account: string;
  username: string;
  password: string;
  /** Basic auth of that user, and a JSON content type. */
  auth: Record<string, string>;
}> {
  const account = uniqueName(prefix);
  const username = uniqueName("u");
  const password = "correct-horse-battery";
  const json = { "Content-Type": "application/json" };
  const signup = await fetch(`${web}/0.9/signup`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ account, username, password, email: `${username}@example.org` }),
  });
  if (signup.status !== 201) throw new Error(`sign-up answered ${signup.status}: ${await signup.text()}`);
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  return { account, username, password, auth: { ...json, Authorization: basic } };
}
