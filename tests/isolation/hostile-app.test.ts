import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { ROUTER_GROUP } from "@/server/platform/system-accounts";
import type { LiveInstance } from "@/server/runtime/platform-runtime";
import { logbookText, startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

/** App A: each request performs one attack and reports what happened. */
const ATTACKER = `import json, os, signal, time
from urllib.parse import parse_qs

def attempt(fn):
    try:
        return {"ok": True, "detail": repr(fn())[:300]}
    except BaseException as e:
        return {"ok": False, "detail": type(e).__name__ + ": " + str(e)[:300]}

def read(p):
    with open(p, "rb") as f:
        return f.read(200)

def environ_hits(token):
    hits = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/environ" % pid, "rb") as f:
                    if token.encode() in f.read():
                        hits.append(pid)
            except OSError:
                pass
    if hits:
        return hits
    raise LookupError("not in any visible process; pids: " + ",".join(p for p in os.listdir("/proc") if p.isdigit()))

def write(p):
    with open(p, "w") as f:
        f.write("pwned")
    return p

def hog(mb):
    blocks = []
    for _ in range(mb // 16):
        blocks.append(b"\\x01" * (16 * 1024 * 1024))
    return len(blocks)

def forks():
    kids = []
    try:
        for _ in range(2000):
            pid = os.fork()
            if pid == 0:
                time.sleep(30)
                os._exit(0)
            kids.append(pid)
        return len(kids)
    except OSError:
        raise RuntimeError("limited after %d" % len(kids))
    finally:
        for kid in kids:
            os.kill(kid, signal.SIGKILL)
            os.waitpid(kid, 0)

def application(environ, start_response):
    q = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    kind = q.get("kind")
    if kind == "read":
        out = attempt(lambda: read(q["path"]))
    elif kind == "environ":
        out = attempt(lambda: environ_hits(q["token"]))
    elif kind == "kill":
        out = attempt(lambda: os.kill(int(q["pid"]), signal.SIGKILL))
    elif kind == "write":
        out = attempt(lambda: write(q["path"]))
    elif kind == "fork":
        out = attempt(forks)
    elif kind == "memory":
        out = attempt(lambda: hog(int(q["mb"])))
    else:
        out = {"ok": True, "detail": "uid=%d root=%s" % (os.getuid(), sorted(os.listdir("/")))}
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(out).encode()]
`;

const VICTIM = `import os
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("b ok " + str(len(os.environ.get("B_SECRET", "")))).encode()]
`;

const B_SECRET = "b-secret-token-7c1e9a";

type Outcome = { ok: boolean; detail: string };

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
let a: { host: string; appId: string; instance: LiveInstance };
let b: { host: string; appId: string; instance: LiveInstance };

async function deploy(
  files: Record<string, string>,
  envvars: { name: string; value: string; secret?: boolean }[],
) {
  const repo = makeGitRepository({ ...files, "thirty.ini": "[wsgi]\nentrypoint = app:application\n" });
  const caller = await createTestAccount("iso");
  const name = uniqueName("app");
  await trpcAs(caller).apps.create({ name, repository: { location: repo.dir }, envvars });
  const logbook = await harness.act(caller, name, { action: "deploy" });
  expect(logbook.status, logbookText(logbook)).toBe("finished");
  const appId = (await getDb().app.findFirstOrThrow({ where: { name } })).id;
  const instance = harness.runtime.live(appId, "app")[0];
  if (!instance) throw new Error("no instance");
  return { host: `${name}-${caller.accountName}.localhost`, appId, instance };
}

async function attack(query: Record<string, string>): Promise<Outcome> {
  const answer = await harness.get(a.host, `/?${new URLSearchParams(query).toString()}`);
  expect(answer.status, answer.body).toBe(200);
  return JSON.parse(answer.body) as Outcome;
}

async function bStillServes(): Promise<void> {
  const answer = await harness.get(b.host);
  expect(answer).toMatchObject({ status: 200, body: `b ok ${B_SECRET.length}` });
}

async function until<T>(probe: () => Promise<T | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("Timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  harness = await startDeployHarness();
  // The platform's own secrets, as npm start lays them out in the data dir.
  writeFileSync(path.join(harness.dataDir, "secret.key"), "platform-secret-key\n", { mode: 0o600 });
  writeFileSync(path.join(harness.dataDir, "postgres.password"), "pg-password\n", { mode: 0o600 });
  b = await deploy({ "app.py": VICTIM }, [{ name: "B_SECRET", value: B_SECRET, secret: true }]);
  a = await deploy({ "app.py": ATTACKER }, []);
});
afterAll(async () => {
  await harness.stop();
});

describe("[ISOLATION] a hostile app cannot reach the platform or another app", () => {
  it("runs as its own user and sees only its sandbox", async () => {
    const seen = await attack({});
    expect(seen.detail).toMatch(/^uid=\d+ /);
    expect(seen.detail).not.toMatch(/^uid=0 /);
    expect(seen.detail).toContain("'app'");
    expect(seen.detail).not.toContain("'work'");
    expect(seen.detail).not.toContain("'root'");
    expect(a.instance.sandbox?.user.name).not.toBe(b.instance.sandbox?.user.name);
  });

  it("cannot read the data dir's secrets, nor B's release, cache or environment", async () => {
    const bPaths = harness.runtime.paths(b.appId);
    for (const target of [
      path.join(harness.dataDir, "secret.key"),
      path.join(harness.dataDir, "postgres.password"),
      path.join(b.instance.home, "conf", "environment.conf"),
      path.join(bPaths.releasesDir, "1", "src", "app.py"),
      path.join(bPaths.repositoryCache, "HEAD"),
    ]) {
      const outcome = await attack({ kind: "read", path: target });
      expect(outcome.ok, `${target}: ${outcome.detail}`).toBe(false);
    }
    await bStillServes();
  });

  it("finds B's secret in no /proc/*/environ it can see", async () => {
    const outcome = await attack({ kind: "environ", token: B_SECRET });
    expect(outcome.ok, outcome.detail).toBe(false);
    expect(outcome.detail).toContain("not in any visible process");
  });

  it("cannot signal B's instance, and B keeps serving", async () => {
    const pidFile = path.join(harness.runtime.paths(b.appId).pidsDir, b.instance.id, "gunicorn.pid");
    const leader = readFileSync(pidFile, "utf8").trim();
    for (const pid of [leader, "1"]) {
      const outcome = await attack({ kind: "kill", pid });
      expect(outcome.ok, `kill ${pid}: ${outcome.detail}`).toBe(false);
    }
    await bStillServes();
  });

  it("cannot write outside its own directories", async () => {
    for (const target of [
      "/etc/pwned",
      "/usr/pwned",
      "/app/current/pwned",
      path.join(harness.dataDir, "pwned"),
    ]) {
      const outcome = await attack({ kind: "write", path: target });
      expect(outcome.ok, `${target}: ${outcome.detail}`).toBe(false);
    }
    expect(readdirSync(harness.dataDir)).not.toContain("pwned");
    // Its media and /tmp are its own to write.
    expect((await attack({ kind: "write", path: "/app/media/upload.txt" })).ok).toBe(true);
  });

  it("cannot fork past its process limit", async () => {
    const outcome = await attack({ kind: "fork" });
    expect(outcome.ok, outcome.detail).toBe(false);
    const forked = Number(/limited after (\d+)/.exec(outcome.detail)?.[1]);
    expect(forked).toBeGreaterThan(10);
    expect(forked).toBeLessThan(256);
    await bStillServes();
  });

  it("is killed past its memory limit, logged as out of memory, and serves again; B is untouched", async () => {
    const answer = await harness.get(a.host, "/?kind=memory&mb=600");
    expect(answer.status).not.toBe(200);
    const line = await until(async () => {
      await harness.runtime.logs.flush();
      const rows = await getDb().logLine.findMany({
        where: { appId: a.appId, message: { contains: "ran out of memory" } },
      });
      return rows[0] ?? false;
    });
    expect(line.message).toContain("limit 256 MB");
    await until(async () => (await harness.get(a.host)).status === 200);
    await bStillServes();
  });
});

describe("[ISOLATION] file permissions hold outside the sandbox too", () => {
  /** Reads a path as A's user on the host (no sandbox): only permissions stand in the way. */
  function readAsA(target: string): { status: number | null; stderr: string } {
    const user = a.instance.sandbox?.user;
    if (!user) throw new Error("A has no sandbox user");
    const result = spawnSync(
      "setpriv",
      [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--", "cat", "--", target],
      { encoding: "utf8" },
    );
    return { status: result.status, stderr: result.stderr };
  }

  it("denies A's user every file of B and of the platform", () => {
    const bPaths = harness.runtime.paths(b.appId);
    const socket = b.instance.socket ?? "";
    for (const target of [
      path.join(harness.dataDir, "secret.key"),
      path.join(harness.dataDir, "postgres.password"),
      path.join(b.instance.home, "conf", "environment.conf"),
      path.join(b.instance.home, "conf", "environment.json"),
      path.join(bPaths.releasesDir, "1", "src", "app.py"),
      path.join(bPaths.repositoryCache, "HEAD"),
      path.join(bPaths.repositoryCache, "config"),
      // What the runtime records so the next one can take B over: its spec (environment
      // included) and its output, root's in a root-only directory.
      path.join(bPaths.pidsDir, b.instance.id, "instance.json"),
      path.join(bPaths.pidsDir, b.instance.id, "gunicorn.err"),
      socket,
    ]) {
      const result = readAsA(target);
      expect(result.status, target).not.toBe(0);
      expect(result.stderr, target).toMatch(/Permission denied/);
    }
  });

  it("keeps the data dir passable but not listable, and B's environment file 0600 to B's user", () => {
    const listing = spawnSync(
      "setpriv",
      [
        `--reuid=${a.instance.sandbox?.user.uid}`,
        `--regid=${a.instance.sandbox?.user.gid}`,
        "--clear-groups",
        "--",
        "ls",
        path.join(harness.dataDir, "apps"),
      ],
      { encoding: "utf8" },
    );
    expect(listing.status).not.toBe(0);
    const stat = execFileSync(
      "stat",
      ["-c", "%a %U", path.join(b.instance.home, "conf", "environment.conf")],
      {
        encoding: "utf8",
      },
    ).trim();
    expect(stat).toBe(`600 ${b.instance.sandbox?.user.name}`);
  });
});

describe("[ISOLATION] what the router's group may read", () => {
  /** Reads as an unrelated uid in ROUTER_GROUP: nginx's view, e.g. following a symlinked static file. */
  function readAsRouter(target: string) {
    const gid = execFileSync("getent", ["group", ROUTER_GROUP], { encoding: "utf8" }).split(":")[2] ?? "";
    return spawnSync(
      "setpriv",
      ["--reuid=65534", `--regid=${gid}`, "--clear-groups", "--", "cat", "--", target],
      { encoding: "utf8" },
    );
  }

  it("serves B's static files and media but nothing holding secrets", () => {
    const bPaths = harness.runtime.paths(b.appId);
    const staticFile = path.join(bPaths.releasesDir, "1", "src", "static", "site.css");
    writeFileSync(staticFile, "body{}");
    execFileSync("chown", [`${b.instance.sandbox?.user.uid}`, staticFile]);
    expect(readAsRouter(staticFile).status).toBe(0);
    for (const target of [
      path.join(harness.dataDir, "secret.key"),
      path.join(b.instance.home, "conf", "environment.conf"),
      path.join(bPaths.repositoryCache, "config"),
      path.join(bPaths.pidsDir, b.instance.id, "gunicorn.pid"),
    ]) {
      const result = readAsRouter(target);
      expect(result.status, target).not.toBe(0);
      expect(result.stderr, target).toMatch(/Permission denied/);
    }
  });
});

describe("[ISOLATION] removing an app", () => {
  it("stops its sandboxes, removes their cgroups, its files and its Unix user", async () => {
    const user = a.instance.sandbox?.user.name ?? "";
    const group = `i-${a.instance.id}`.replace(/[^A-Za-z0-9_.-]/g, "_");
    const cgroups = ["memory", "pids", "cpu"].map((c) => path.join("/sys/fs/cgroup", c, "thirty", group));
    expect(cgroups.some((dir) => existsSync(dir))).toBe(true);
    await harness.runtime.removeApp(a.appId);
    expect(cgroups.filter((dir) => existsSync(dir))).toEqual([]);
    expect(existsSync(harness.runtime.paths(a.appId).appDir)).toBe(false);
    expect(spawnSync("getent", ["passwd", user]).status).not.toBe(0);
    await bStillServes();
  });
});
