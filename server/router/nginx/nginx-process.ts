import "server-only";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:fs";
import { access, readFile } from "node:fs/promises";
import { isAlive, workerProcesses } from "./worker-processes";

export type NginxProcessOptions = {
  binary: string;
  prefix: string;
  confPath: string;
  errorLogPath: string;
  log: (message: string) => void;
  /** Rewrites the configuration before a restart after an unexpected exit. */
  beforeRestart?: () => Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks that nginx is there before anything is written for it. */
export async function assertNginxInstalled(binary: string): Promise<void> {
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new Error(
      `The router needs nginx, which is not installed (${binary} is missing). ` +
        "Install the Debian package: apt-get install nginx (or set THIRTY_NGINX to its path).",
    );
  }
}

/**
 * One nginx master as a child of the platform (`daemon off`), in its own process group so that
 * its workers can be found and, if the master dies, killed with it. Reloads are graceful:
 * SIGHUP starts a new worker generation and the old one finishes its requests and exits.
 */
export class NginxProcess {
  private child: ChildProcess | null = null;
  /** A master an earlier platform process started and left running, taken over by this one. */
  private adopted: number | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private restarts = 0;
  private stderrTail: string[] = [];
  /** Workers of earlier generations: they may still be finishing requests. */
  private readonly retired = new Set<number>();

  constructor(private readonly options: NginxProcessOptions) {}

  get pid(): number | null {
    return this.child?.pid ?? this.adopted;
  }

  private argv(confPath: string): string[] {
    return ["-p", this.options.prefix, "-c", confPath, "-e", this.options.errorLogPath];
  }

  /** `nginx -t` on a configuration file: a bad one must never replace a good one. */
  test(confPath: string): Promise<{ ok: boolean; output: string }> {
    return new Promise((resolve) => {
      execFile(this.options.binary, ["-t", "-q", ...this.argv(confPath)], (error, stdout, stderr) =>
        resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }),
      );
    });
  }

  /** The master a platform process that died without stopping it left running, if any. */
  private async leftover(): Promise<number | null> {
    const pid = Number((await readFile(`${this.options.prefix}/nginx.pid`, "utf8").catch(() => "")).trim());
    if (!pid || !(await isAlive(pid))) return null;
    const title = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (!title.includes("nginx: master process") || !title.includes(this.options.confPath)) return null;
    return pid;
  }

  /**
   * Takes over the master an earlier platform process left running: it keeps serving with the
   * configuration it has until this process reloads it. False when there is none.
   */
  async adopt(): Promise<boolean> {
    const pid = await this.leftover();
    if (pid === null) return false;
    this.options.log(`Taking over the nginx (pid ${pid}) an earlier platform process left running.`);
    this.adopted = pid;
    this.stopping = false;
    this.exited = (async () => {
      while (await isAlive(pid)) await sleep(500);
    })().then(() => {
      if (this.adopted !== pid) return;
      this.adopted = null;
      this.killGroup(pid);
      if (!this.stopping) this.restartAfterCrash(null, null);
    });
    return true;
  }

  /** A master left by a platform process that died without stopping it holds our port. */
  private async stopLeftover(): Promise<void> {
    const pid = await this.leftover();
    if (pid === null) return;
    this.options.log(`Stopping an nginx (pid ${pid}) left running by an earlier platform process.`);
    process.kill(pid, "SIGQUIT");
    for (let i = 0; i < 100 && (await isAlive(pid)); i++) await sleep(50);
    if (await isAlive(pid)) process.kill(pid, "SIGKILL");
  }

  async start(): Promise<void> {
    await this.stopLeftover();
    this.stopping = false;
    this.stderrTail = [];
    const child = spawn(this.options.binary, this.argv(this.options.confPath), {
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    this.child = child;
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.split("\n").filter(Boolean)) {
        this.stderrTail = [...this.stderrTail.slice(-19), line];
        this.options.log(`nginx: ${line}`);
      }
    });
    let exitedEarly = false;
    let abandoned = false;
    this.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        exitedEarly = true;
        if (this.child === child) this.child = null;
        this.killGroup(child.pid);
        resolve();
        if (!this.stopping && !abandoned) this.restartAfterCrash(code, signal);
      }),
    );
    child.once("error", (error) => this.options.log(`nginx could not be started: ${error.message}`));
    // Ready when the master has forked its workers (they share its bound sockets).
    for (let i = 0; i < 200; i++) {
      if (exitedEarly) break;
      if (child.pid && (await workerProcesses(child.pid)).length > 0) {
        this.restarts = 0;
        return;
      }
      await sleep(25);
    }
    abandoned = true;
    child.kill("SIGKILL");
    const log = await readFile(this.options.errorLogPath, "utf8").catch(() => "");
    throw new Error(
      `nginx did not start: ${[...this.stderrTail, ...log.trim().split("\n").slice(-5)].join("\n")}`,
    );
  }

  private killGroup(pid: number | undefined): void {
    // Workers of a master that died would keep serving the old configuration.
    if (pid)
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // The group is already empty.
      }
  }

  private restartAfterCrash(code: number | null, signal: NodeJS.Signals | null): void {
    const delay = Math.min(5000, 200 * 2 ** this.restarts++);
    this.options.log(
      `nginx exited unexpectedly (${signal ?? `code ${code}`}); restarting it in ${delay} ms.`,
    );
    setTimeout(() => {
      if (this.stopping) return;
      void (async () => {
        await this.options.beforeRestart?.();
        await this.start();
      })().catch((error: unknown) => {
        this.options.log(
          `Restarting nginx failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        if (!this.stopping) this.restartAfterCrash(null, null);
      });
    }, delay).unref();
  }

  /** nginx reopens its log files (after the platform rotated the access log). */
  reopenLogs(): void {
    const pid = this.pid;
    if (pid) process.kill(pid, "SIGUSR1");
  }

  /**
   * Graceful reload, resolved once the new configuration serves: new workers are up and every
   * old one has stopped accepting connections. The old ones are remembered as retired.
   */
  async reload(timeoutMs = 15_000): Promise<void> {
    const pid = this.pid;
    if (!pid) throw new Error("nginx is not running.");
    const before = await workerProcesses(pid);
    const old = new Set(before.map((w) => w.pid));
    process.kill(pid, "SIGHUP");
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = await workerProcesses(pid);
      const fresh = now.some((w) => !old.has(w.pid));
      const oldAccepting = now.some((w) => old.has(w.pid) && !w.shuttingDown);
      if (fresh && !oldAccepting) break;
      if (Date.now() > deadline || this.pid !== pid)
        throw new Error(`nginx did not take the new configuration; see ${this.options.errorLogPath}.`);
      await sleep(20);
    }
    for (const worker of before) this.retired.add(worker.pid);
  }

  /** Resolves true once every worker retired so far has exited, false after the timeout. */
  async waitForRetired(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const waiting = [...this.retired];
    for (;;) {
      let alive = 0;
      for (const pid of waiting) {
        if (await isAlive(pid)) alive++;
        else this.retired.delete(pid);
      }
      if (alive === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(25);
    }
  }

  /** SIGQUIT lets workers finish their requests; SIGTERM, then SIGKILL, when that takes too long. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.adopted !== null) return this.stopAdopted(this.adopted, graceMs);
    const child = this.child;
    if (!child?.pid) return;
    const exited = this.exited;
    const within = (ms: number) => Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
    child.kill("SIGQUIT");
    if (await within(graceMs)) return;
    this.options.log(`nginx did not stop within ${graceMs} ms: terminating it.`);
    child.kill("SIGTERM");
    if (await within(2000)) return;
    this.killGroup(child.pid);
    await exited;
  }

  /** Like stop, for a master that is not our child: its exit is seen by polling. */
  private async stopAdopted(pid: number, graceMs: number): Promise<void> {
    const exited = this.exited;
    const within = (ms: number) => Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(pid, name);
      } catch {
        // Gone already.
      }
    };
    signal("SIGQUIT");
    if (await within(graceMs)) return;
    signal("SIGTERM");
    if (await within(2000)) return;
    this.killGroup(pid);
    await exited;
  }
}
