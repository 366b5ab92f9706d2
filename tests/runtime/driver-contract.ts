import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InstanceSpec, InstanceStatus, OutputLine, RuntimeDriver } from "@/server/runtime/driver";

/**
 * What every RuntimeDriver must do, written against the interface only: the local driver runs
 * it (local-driver-contract.test.ts), and a second driver (kubernetes) is added by passing it.
 */
export type DriverUnderTest = {
  driver: RuntimeDriver;
  lines: OutputLine[];
  states: InstanceStatus[];
};

export type DriverFactory = () => DriverUnderTest;

/**
 * Starts an instance in a driver that then dies without stopping anything (for the local
 * driver a platform process killed with SIGKILL; for a cluster driver, its client dropped).
 */
export type CrashedStart = (spec: InstanceSpec) => Promise<void>;

/** Where a test instance listens, and a matching HTTP server command. */
export type Listener = { spec: Pick<InstanceSpec, "port" | "socket">; argv: (script: string) => string[] };

const BASE_ENV = { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8" };

const SERVER_SCRIPT = `
import os, sys, socket, http.server
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("host=%s greeting=%s" % (self.headers.get("Host"), os.environ.get("GREETING"))).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        print("request", self.path, flush=True)
where = sys.argv[1]
if where.startswith("/"):
    class Server(http.server.HTTPServer):
        address_family = socket.AF_UNIX
        def server_bind(self):
            self.socket.bind(self.server_address)
        def get_request(self):
            request, _ = self.socket.accept()
            return request, ("local", 0)
    server = Server(where, Handler)
else:
    server = http.server.HTTPServer(("127.0.0.1", int(where)), Handler)
print("listening", flush=True)
server.serve_forever()
`;
import { processExists as alive } from "@/server/platform/process-exists";

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function describeDriverContract(
  name: string,
  make: DriverFactory,
  listener: (dir: string) => Promise<Listener>,
  crashedStart: CrashedStart,
): void {
  describe(`[RUNTIME] ${name} driver contract`, () => {
    let dir: string;
    let subject: DriverUnderTest;
    let script: string;

    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), "driver-contract-"));
      script = path.join(dir, "server.py");
      await writeFile(script, SERVER_SCRIPT);
      subject = make();
    });
    afterEach(async () => {
      await subject.driver.shutdown();
      await rm(dir, { recursive: true, force: true });
    });

    const start = async (instanceId: string, appId = "app-a", extra: Partial<InstanceSpec> = {}) => {
      const listen = await listener(dir);
      const status = await subject.driver.startInstance({
        instanceId,
        appId,
        kind: "app",
        cwd: dir,
        env: { ...BASE_ENV, GREETING: `hello from ${instanceId}` },
        processes: [{ program: "web", argv: listen.argv(script) }],
        ...listen.spec,
        ...extra,
      });
      return status;
    };

    it("starts an instance that passes its check, lists it, and sends its output with its program", async () => {
      const status = await start("c1");
      expect(status).toMatchObject({ instanceId: "c1", appId: "app-a" });
      expect(["starting", "running"]).toContain(status.state);
      expect(await subject.driver.checkInstance("c1", { host: "a.example", timeoutMs: 15_000 })).toBe(true);
      await until(
        () =>
          subject.lines.some((l) => l.instanceId === "c1" && l.program === "web" && l.line === "listening"),
        "the instance's output",
      );
      expect(subject.driver.listInstances({ appId: "app-a" }).map((i) => i.instanceId)).toEqual(["c1"]);
      expect(subject.driver.listInstances({ appId: "app-b" })).toEqual([]);
    });

    it("stops an instance: it no longer answers, is no longer listed, and reports stopped", async () => {
      await start("c2");
      expect(await subject.driver.checkInstance("c2", { host: "a.example", timeoutMs: 15_000 })).toBe(true);
      await subject.driver.stopInstance("c2", { graceMs: 2000 });
      expect(subject.driver.listInstances()).toEqual([]);
      expect(subject.states.some((s) => s.instanceId === "c2" && s.state === "stopped")).toBe(true);
      expect(await subject.driver.checkInstance("c2", { host: "a.example", timeoutMs: 500 })).toBe(false);
    });

    it("reports a running instance's memory and growing CPU time, and nothing once it stopped", async () => {
      await subject.driver.startInstance({
        instanceId: "c-usage",
        appId: "app-a",
        kind: "worker",
        cwd: dir,
        env: BASE_ENV,
        processes: [
          {
            program: "busy",
            argv: ["/usr/bin/python3", "-c", "b = bytearray(20 * 1024 * 1024)\nwhile True: pass"],
          },
        ],
      });
      const first = subject.driver.usage().get("c-usage");
      expect(first).toBeDefined();
      await until(
        () => (subject.driver.usage().get("c-usage")?.memoryBytes ?? 0) > 20 * 1024 * 1024,
        "the instance's memory",
      );
      await until(
        () => (subject.driver.usage().get("c-usage")?.cpuNanos ?? 0) > (first?.cpuNanos ?? 0) + 0.1e9,
        "the instance's CPU time to grow",
      );
      await subject.driver.stopInstance("c-usage", { graceMs: 1000 });
      expect(subject.driver.usage().has("c-usage")).toBe(false);
    });

    it("fails the check of an instance that never listens, within the time given", async () => {
      await subject.driver.startInstance({
        instanceId: "c3",
        appId: "app-a",
        kind: "app",
        cwd: dir,
        env: BASE_ENV,
        processes: [{ program: "idle", argv: ["/bin/sleep", "60"] }],
        ...(await listener(dir)).spec,
      });
      expect(await subject.driver.checkInstance("c3", { host: "a.example", timeoutMs: 700 })).toBe(false);
      expect(await subject.driver.checkInstance("unknown", { host: "a.example", timeoutMs: 200 })).toBe(
        false,
      );
    });

    it("runs a one-off job to its end with its exit code and output, in its own environment", async () => {
      const seen: string[] = [];
      const result = await subject.driver.runJob(
        {
          jobId: "job-1",
          appId: "app-a",
          program: "run",
          cwd: dir,
          env: { ...BASE_ENV, ANSWER: "42" },
          argv: ["/bin/sh", "-c", 'echo "answer $ANSWER"; echo oops >&2; exit 3'],
        },
        { onLine: (stream, line) => seen.push(`${stream}:${line}`) },
      );
      expect(result).toMatchObject({ exitCode: 3, outOfMemory: false });
      expect(seen).toEqual(expect.arrayContaining(["stdout:answer 42", "stderr:oops"]));
    });

    it("kills a job and everything it started when its signal aborts", async () => {
      const pidFile = path.join(dir, "child.pid");
      const controller = new AbortController();
      const running = subject.driver.runJob(
        {
          jobId: "job-2",
          appId: "app-a",
          program: "run",
          cwd: dir,
          env: BASE_ENV,
          argv: ["/bin/sh", "-c", `sleep 60 & echo $! > ${pidFile}; wait`],
        },
        { signal: controller.signal, onLine: () => undefined },
      );
      let child = 0;
      await until(() => {
        try {
          child = Number(readFileSync(pidFile, "utf8"));
        } catch {
          return false;
        }
        return child > 0;
      }, "the job's child");
      controller.abort();
      const result = await running;
      expect(result.exitCode).not.toBe(0);
      await until(() => !alive(child), "the job's child to end");
    });

    it("stops running jobs at shutdown, so none outlives the platform", async () => {
      const pidFile = path.join(dir, "job.pid");
      const running = subject.driver.runJob(
        {
          jobId: "job-3",
          appId: "app-a",
          program: "cron",
          cwd: dir,
          env: BASE_ENV,
          argv: ["/bin/sh", "-c", `echo $$ > ${pidFile}; exec sleep 60`],
        },
        { onLine: () => undefined },
      );
      let pid = 0;
      await until(() => {
        try {
          pid = Number(readFileSync(pidFile, "utf8"));
        } catch {
          return false;
        }
        return pid > 0;
      }, "the job to start");
      await subject.driver.shutdown();
      await running;
      await until(() => !alive(pid), "the job to end");
    });

    const orphan = async (instanceId: string, processes: InstanceSpec["processes"], extra = {}) => {
      const listen = await listener(dir);
      const spec: InstanceSpec = {
        instanceId,
        appId: "app-a",
        kind: "app",
        cwd: dir,
        env: { ...BASE_ENV, GREETING: `hello from ${instanceId}` },
        processes,
        pidDir: path.join(dir, "pids", instanceId),
        labels: { number: "3", releaseId: "r-7" },
        ...listen.spec,
        ...extra,
      };
      await crashedStart(spec);
      return { spec, listen };
    };

    it("takes over an instance a crashed driver left running: it answered throughout, its output is followed on, and it stops", async () => {
      const listen = await listener(dir);
      const spec: InstanceSpec = {
        instanceId: "kept-1",
        appId: "app-a",
        kind: "app",
        cwd: dir,
        env: { ...BASE_ENV, GREETING: "hello from kept-1" },
        processes: [{ program: "web", argv: listen.argv(script) }],
        pidDir: path.join(dir, "pids", "kept-1"),
        labels: { number: "3", releaseId: "r-7" },
        ...listen.spec,
      };
      await crashedStart(spec);
      const { recovered, stopped } = await subject.driver.recover([path.join(dir, "pids")]);
      expect(stopped).toBe(0);
      expect(recovered.map((r) => r.spec.instanceId)).toEqual(["kept-1"]);
      expect(recovered[0]?.spec.labels).toEqual({ number: "3", releaseId: "r-7" });
      expect(subject.driver.listInstances().map((i) => i.instanceId)).toEqual(["kept-1"]);
      expect(await subject.driver.checkInstance("kept-1", { host: "a.example", timeoutMs: 15_000 })).toBe(
        true,
      );
      // The request's log line was printed after the take-over: it reaches the new driver.
      await until(
        () => subject.lines.some((l) => l.instanceId === "kept-1" && l.line === "request /"),
        "the taken-over instance's output",
      );
      await subject.driver.stopInstance("kept-1", { graceMs: 2000 });
      expect(await subject.driver.checkInstance("kept-1", { host: "a.example", timeoutMs: 500 })).toBe(false);
      expect(subject.driver.listInstances()).toEqual([]);
    });

    it("stops a crashed driver's instance that lost a process, and what else it left, never its own", async () => {
      // Recorded in the same pid directories the recovery reads: still never touched.
      await start("survivor", "app-a", { pidDir: path.join(dir, "pids", "survivor") });
      expect(await subject.driver.checkInstance("survivor", { host: "a.example", timeoutMs: 15_000 })).toBe(
        true,
      );
      const { spec } = await orphan("half-1", [
        { program: "one", argv: ["/bin/sleep", "60"] },
        { program: "two", argv: ["/bin/sleep", "60"] },
      ]);
      const pidOf = (program: string) =>
        Number(readFileSync(path.join(spec.pidDir ?? "", `${program}.pid`), "utf8"));
      const [one, two] = [pidOf("one"), pidOf("two")];
      process.kill(-two, "SIGKILL");
      await until(() => !alive(two), "one process to be gone");
      const { recovered, stopped } = await subject.driver.recover([path.join(dir, "pids")]);
      expect(recovered).toEqual([]);
      expect(stopped).toBe(1);
      await until(() => !alive(one), "the rest of the instance to end");
      expect(await subject.driver.checkInstance("survivor", { host: "a.example", timeoutMs: 2000 })).toBe(
        true,
      );
      expect((await subject.driver.recover([path.join(dir, "pids")])).stopped).toBe(0);
    });
  });
}
