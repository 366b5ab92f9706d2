import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OutputLine } from "@/server/runtime/driver";
import { LocalDriver } from "@/server/runtime/local/local-driver";
import { PortAllocator } from "@/server/runtime/local/port-allocator";
import { waitForHttp } from "@/server/runtime/local/wait-for-http";
import { processExists as alive } from "@/server/platform/process-exists";

const PY = "/usr/bin/python3";
const BASE_ENV = { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8" };
const FAST = { initialMs: 50, maxMs: 200, stableMs: 60_000, crashLimit: 3, windowMs: 60_000 };

let dir: string;
let lines: OutputLine[];
let driver: LocalDriver;
const ports = new PortAllocator(21000, 21999);

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/", headers: { Host: "blog-acme.localhost" } }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runtime-"));
  lines = [];
  driver = new LocalDriver({ onLine: (l) => lines.push(l), backoff: FAST });
});
afterEach(async () => {
  await driver.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe("[RUNTIME] local driver", () => {
  it("serves a WSGI app under real gunicorn with only the app's environment", async () => {
    process.env.DATABASE_URL ??= "postgresql://platform-secret@localhost/x";
    await writeFile(
      path.join(dir, "wsgi.py"),
      "import os\ndef application(environ, start_response):\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [('hello %s %s' % (os.environ.get('GREETING'), os.environ.get('DATABASE_URL'))).encode()]\n",
    );
    const port = await ports.allocate();
    await driver.startInstance({
      instanceId: "i1",
      appId: "a1",
      kind: "app",
      cwd: dir,
      env: { ...BASE_ENV, GREETING: "world" },
      port,
      processes: [
        {
          program: "gunicorn",
          argv: ["/usr/bin/gunicorn", "--bind", `127.0.0.1:${port}`, "wsgi:application"],
        },
      ],
    });
    expect(await waitForHttp({ port, host: "blog-acme.localhost", timeoutMs: 15_000 })).toBe(true);
    expect(await get(port)).toBe("hello world None");
    await until(() => lines.some((l) => l.program === "gunicorn" && l.line.includes("Listening at")));
    ports.release(port);
  });

  it("reads an unconfined instance's CPU time and memory from /proc of its whole process tree", async () => {
    // The parent only waits; its child burns CPU and holds ~40 MB: both must be found.
    const script =
      "import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'b = bytearray(40 * 1024 * 1024)\\nwhile True: pass'])\n";
    await driver.startInstance({
      instanceId: "i-usage",
      appId: "a-usage",
      kind: "worker",
      cwd: dir,
      env: BASE_ENV,
      processes: [{ program: "burn", argv: [PY, "-c", script] }],
    });
    const first = driver.usage().get("i-usage");
    expect(first?.cpuNanos).not.toBeNull();
    await until(() => (driver.usage().get("i-usage")?.memoryBytes ?? 0) > 40 * 1024 * 1024);
    await until(() => (driver.usage().get("i-usage")?.cpuNanos ?? 0) > (first?.cpuNanos ?? 0) + 0.2e9);
    expect(driver.usage().has("unknown")).toBe(false);
  });

  it("captures output in order, restarts a killed process, and marks a crash loop failed", async () => {
    const script =
      "import sys\nfor i in range(5): print('line', i, flush=True)\nprint('oops', file=sys.stderr, flush=True)\nimport time; time.sleep(30)\n";
    await driver.startInstance({
      instanceId: "i2",
      appId: "a2",
      kind: "worker",
      cwd: dir,
      env: BASE_ENV,
      processes: [{ program: "clock", argv: [PY, "-c", script] }],
    });
    await until(() => lines.some((l) => l.line === "oops"));
    expect(lines.filter((l) => l.stream === "stdout").map((l) => l.line)).toEqual([
      "line 0",
      "line 1",
      "line 2",
      "line 3",
      "line 4",
    ]);
    expect(lines.find((l) => l.line === "oops")).toMatchObject({
      program: "clock",
      stream: "stderr",
      instanceId: "i2",
    });

    const before = lines.filter((l) => l.line === "line 0").length;
    const status = driver.listInstances({ appId: "a2" });
    expect(status).toEqual([{ instanceId: "i2", appId: "a2", state: "running", detail: undefined }]);
    const processes = (driver as unknown as { instances: Map<string, { processes: { pid?: number }[] }> })
      .instances;
    const pid = processes.get("i2")?.processes[0]?.pid ?? 0;
    process.kill(pid, "SIGKILL");
    await until(() => lines.filter((l) => l.line === "line 0").length === before + 1);
    expect(lines.some((l) => l.stream === "platform" && /killed by SIGKILL; restarting/.test(l.line))).toBe(
      true,
    );

    await driver.startInstance({
      instanceId: "i3",
      appId: "a3",
      kind: "app",
      cwd: dir,
      env: BASE_ENV,
      processes: [{ program: "broken", argv: [PY, "-c", "raise SystemExit(3)"] }],
    });
    await until(() => driver.listInstances({ appId: "a3" })[0]?.state === "failed");
    expect(driver.listInstances({ appId: "a3" })[0]?.detail).toMatch(/broken exited with code 3 3 times/);
  });

  it("stops the whole process group, grandchildren included", async () => {
    const script =
      "import subprocess, time\np = subprocess.Popen(['sleep', '1000'])\nprint(p.pid, flush=True)\ntime.sleep(1000)\n";
    await driver.startInstance({
      instanceId: "i4",
      appId: "a4",
      kind: "app",
      cwd: dir,
      env: BASE_ENV,
      processes: [{ program: "parent", argv: [PY, "-c", script] }],
    });
    await until(() => lines.some((l) => /^\d+$/.test(l.line)));
    const grandchild = Number(lines.find((l) => /^\d+$/.test(l.line))?.line);
    expect(alive(grandchild)).toBe(true);
    await driver.stopInstance("i4", { graceMs: 2000 });
    await until(() => !alive(grandchild), 5000);
    expect(driver.listInstances({ appId: "a4" })).toEqual([]);
  });

  it("runs a one-off command with its exit code, and an abort kills it", async () => {
    const result = await driver.runJob({
      jobId: "i5",
      appId: "a5",
      cwd: dir,
      env: BASE_ENV,
      program: "runcommand",
      argv: [PY, "-c", "print('done'); raise SystemExit(7)"],
    });
    expect(result.exitCode).toBe(7);
    expect(lines.some((l) => l.program === "runcommand" && l.line === "done")).toBe(true);

    const controller = new AbortController();
    const running = driver.runJob(
      {
        jobId: "i5",
        appId: "a5",
        cwd: dir,
        env: BASE_ENV,
        program: "runcommand",
        argv: [PY, "-c", "import time; print('start', flush=True); time.sleep(60)"],
      },
      { signal: controller.signal },
    );
    await until(() => lines.some((l) => l.line === "start"));
    controller.abort();
    expect((await running).signal).toBe("SIGTERM");
  });

  it("never hands out a port twice while it is in use", async () => {
    const allocator = new PortAllocator(22000, 22002);
    const taken = [await allocator.allocate(), await allocator.allocate(), await allocator.allocate()];
    expect(new Set(taken).size).toBe(3);
    await expect(allocator.allocate()).rejects.toThrow(/No free port/);
    allocator.release(taken[1] ?? 0);
    expect(await allocator.allocate()).toBe(taken[1]);
  });
});
