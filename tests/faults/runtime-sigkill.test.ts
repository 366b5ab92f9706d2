import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { findFreePort } from "@/server/platform/free-port";
import { httpGet } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { launcher, type Launched, signUpThroughRest } from "./launched-platform";
import { TEST_QUEUE_SCHEMAS } from "../support/queue-schemas";

// The runtime killed with SIGKILL in the middle of a deploy, under load. Its instances and its
// nginx keep serving (their output goes to files, their sandboxes do not die with it); the
// next runtime on the same data dir takes them over without a failed request, ends the deploy
// by its lease, deploys again, and nothing of the killed process stays.
const platform = launcher(TEST_QUEUE_SCHEMAS.sigkill);
const LEASE_MS = "3000";

let web = "";
let routerPort = 0;
let runtime: Launched;

function runtimeEnv(): Record<string, string> {
  return { ROUTER_PORT: String(routerPort), THIRTY_ACTION_LEASE_MS: LEASE_MS };
}

beforeAll(async () => {
  const port = await findFreePort();
  routerPort = await findFreePort();
  web = `http://localhost:${port}`;
  await platform.launch("web", { PORT: String(port), THIRTY_PUBLIC_URL: web }, /serving the dashboard/);
  runtime = await platform.launch("worker,runtime", runtimeEnv(), /thirtyloops is running worker,runtime/);
}, 600_000);

afterAll(async () => {
  await platform.stopAll();
});

/** The launcher's processes: tsx and the node it runs the launcher in (not their children). */
function launcherProcesses(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [pid];
  }
  const node = children.filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, "utf8").includes("scripts/start.ts");
    } catch {
      return false;
    }
  });
  return [pid, ...node];
}

/** Instance ids of the app that some process on this machine still carries as its marker. */
function runningInstanceIds(appId: string): Set<string> {
  const ids = new Set<string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const marker = readFileSync(`/proc/${entry}/environ`, "utf8")
        .split("\0")
        .find((variable) => variable.startsWith(`INSTANCE_ID=${appId}~`));
      if (marker) ids.add(marker.slice("INSTANCE_ID=".length));
    } catch {
      // Gone meanwhile.
    }
  }
  return ids;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type Logbook = { status: string; messages: { message: string }[] };

/**
 * Requests to the app through the router, two at a time, until stopped: every answer that is
 * not the expected release's (or no answer within 10 s) is a failure.
 */
function loadOn(port: number, host: string, expected: string) {
  let stopped = false;
  const failures: string[] = [];
  let answered = 0;
  const loop = async () => {
    while (!stopped) {
      const answer = await Promise.race([
        httpGet(port, host).catch((error: unknown) => ({ status: 0, body: String(error) })),
        new Promise<{ status: number; body: string }>((resolve) =>
          setTimeout(() => resolve({ status: 0, body: "no answer within 10 s" }), 10_000),
        ),
      ]);
      if (answer.status === 200 && answer.body === expected) answered++;
      else failures.push(`${answer.status} ${answer.body.slice(0, 200)}`);
    }
  };
  const loops = [loop(), loop()];
  return {
    failures,
    answered: () => answered,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

describe("[FAULTS] the runtime killed with SIGKILL during a deploy", () => {
  it("the app answers every request throughout; the next runtime takes it over, ends the deploy by its lease, deploys, leaves no orphan", async () => {
    const { account, auth } = await signUpThroughRest(web, "kill");
    const app = (version: string) =>
      `def application(e, s):\n    s("200 OK", [])\n    return [b"${version}"]\n`;
    const repo = makeGitRepository({
      "app.py": app("v1"),
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
    });
    await fetch(`${web}/0.9/${account}/apps`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "web", repository: { variant: "git", location: repo.dir } }),
    });
    const deploy = async (): Promise<string> => {
      const queued = await fetch(`${web}/0.9/${account}/apps/web`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ action: "deploy" }),
      });
      expect(queued.status).toBe(202);
      return new URL(queued.headers.get("Location") ?? "", web).pathname;
    };
    const logbook = async (at: string) =>
      (await (await fetch(`${web}${at}`, { headers: auth })).json()) as Logbook;
    const ended = (at: string) =>
      until(async () => {
        const read = await logbook(at);
        return ["finished", "error"].includes(read.status) ? read : undefined;
      }, `the logbook ${at} to end`);
    const host = `web-${account}.localhost`;

    const first = await ended(await deploy());
    expect(first.status, first.messages.map((m) => m.message).join("\n")).toBe("finished");
    const appId = (await getDb().app.findFirstOrThrow({ where: { name: "web", account: { name: account } } }))
      .id;

    repo.commit(
      {
        "app.py": app("v2"),
        "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
        postinstall: { content: "#!/bin/sh\nsleep 3\n", executable: true },
      },
      "v2 with a slow postinstall",
    );
    const interrupted = await deploy();
    await until(async () => {
      const read = await logbook(interrupted);
      return read.messages.some((m) => m.message === "==> Postinstall") ? true : undefined;
    }, "the deploy to reach postinstall");
    const load = loadOn(routerPort, host, "v1");
    await until(async () => (load.answered() > 20 ? true : undefined), "the load to get going");
    for (const pid of launcherProcesses(runtime.child.pid ?? 0).reverse()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Ended meanwhile.
      }
    }
    // With no runtime at all, the app keeps answering.
    const whileDown = load.answered();
    await until(async () => (load.answered() > whileDown + 20 ? true : undefined), "answers with no runtime");

    // The next runtime on the same data dir: it takes the instances over and ends the deploy.
    runtime = await platform.launch(
      "worker,runtime",
      runtimeEnv(),
      /thirtyloops is running worker,runtime/,
      runtime.dataDir,
    );
    expect(runtime.output()).toMatch(/took over 1 instance\(s\) that kept running/);
    const stopped = await ended(interrupted);
    expect(stopped.status).toBe("error");
    const afterwards = load.answered();
    await until(async () => (load.answered() > afterwards + 20 ? true : undefined), "answers afterwards");
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(await httpGet(routerPort, host)).toMatchObject({ status: 200, body: "v1" });

    const again = await ended(await deploy());
    expect(again.status, again.messages.map((m) => m.message).join("\n")).toBe("finished");
    expect(await httpGet(routerPort, host)).toMatchObject({ status: 200, body: "v2" });

    // Nothing of the killed process's instances runs: only what the new runtime recorded.
    await until(
      async () => {
        const rows = await getDb().instance.findMany({ where: { appId }, select: { id: true } });
        const running = runningInstanceIds(appId);
        const recorded = new Set(rows.map((row) => row.id));
        return [...running].every((id) => recorded.has(id)) && running.size > 0 ? true : undefined;
      },
      "only the new runtime's instances to run",
      30_000,
    );
  }, 600_000);
});
