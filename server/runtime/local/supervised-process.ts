import type { ProcessSpec } from "../driver";
import { closeSync } from "node:fs";
import { OutputFile } from "./output-file";
import { adoptGroup, spawnGroup, stopGroup, type GroupOutput, type SpawnedGroup } from "./process-group";

export type BackoffPolicy = {
  initialMs: number;
  maxMs: number;
  /** Running this long without a crash resets the backoff. */
  stableMs: number;
  /** This many exits within `windowMs` is a crash loop: no more restarts. */
  crashLimit: number;
  windowMs: number;
};

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 500,
  maxMs: 30_000,
  stableMs: 60_000,
  crashLimit: 5,
  windowMs: 60_000,
};

export type SupervisedState = "running" | "restarting" | "failed" | "stopped";

type Options = {
  spec: ProcessSpec;
  cwd: string;
  env: Record<string, string>;
  inputs?: string[];
  backoff: BackoffPolicy;
  onLine: (stream: "stdout" | "stderr" | "platform", line: string) => void;
  onState: (state: SupervisedState, detail?: string) => void;
  /** Told each new process group leader's pid (for orphan clean-up after a crash). */
  onSpawn?: (pid: number) => void;
  /** Called when the process exits, before its exit is reported (the OOM check logs first). */
  onExit?: () => void;
  /**
   * Output files (`<prefix>.out`, `<prefix>.err`) instead of pipes: the process then outlives
   * this platform process, and the next one follows them on. Absent: pipes.
   */
  outputPrefix?: string;
  /** In the process's environment ("INSTANCE_ID=…"): a pid is only taken over when it has it. */
  marker?: string;
};

/** One process kept running: restarted with backoff when it exits, given up on in a crash loop. */
export class SupervisedProcess {
  private group: SpawnedGroup | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private exits: number[] = [];
  private delayMs: number;
  private startedAt = 0;
  private stopping = false;
  state: SupervisedState = "running";

  private readonly files: { stdout: OutputFile; stderr: OutputFile } | null;

  constructor(private readonly options: Options) {
    this.delayMs = options.backoff.initialMs;
    const prefix = options.outputPrefix;
    const skipped = (bytes: number, why: "backlog" | "lagging") => {
      const size = `${(bytes / 1024 / 1024).toFixed(1)} MB`;
      options.onLine(
        "platform",
        why === "backlog"
          ? `${options.spec.program} wrote ${size} more while the platform was restarting than is kept; its latest output follows.`
          : `${options.spec.program} prints faster than its logs can be kept: ${size} of its output were left out. Print less.`,
      );
    };
    this.files = prefix
      ? {
          stdout: new OutputFile(`${prefix}.out`, (line) => options.onLine("stdout", line), skipped),
          stderr: new OutputFile(`${prefix}.err`, (line) => options.onLine("stderr", line), skipped),
        }
      : null;
  }

  get pid(): number | undefined {
    return this.group?.pid;
  }

  start(): void {
    const { spec, cwd, env, inputs, onLine } = this.options;
    this.startedAt = Date.now();
    let output: GroupOutput = { kind: "pipes", onLine };
    if (this.files)
      output = { kind: "files", stdout: this.files.stdout.writer(), stderr: this.files.stderr.writer() };
    try {
      this.follow(spawnGroup({ argv: spec.argv, cwd, env, inputs, output }));
    } finally {
      // The child has its own copies.
      if (output.kind === "files") for (const fd of [output.stdout, output.stderr]) closeSync(fd);
    }
  }

  /**
   * Takes over a process a platform process that crashed had started (it kept running, its
   * output going to the files this one now follows). False when it no longer runs.
   */
  adopt(pid: number): boolean {
    const group = adoptGroup(pid, this.options.marker ?? "");
    if (group.hasExited()) return false;
    // Its run time is unknown: counted from now, like a fresh start, for the crash backoff.
    this.startedAt = Date.now();
    this.follow(group);
    return true;
  }

  private follow(group: SpawnedGroup): void {
    this.group = group;
    if (group.pid !== undefined) this.options.onSpawn?.(group.pid);
    void group.exited.then((exit) => {
      if (this.group === group) this.onExit(exit.code, exit.signal);
    });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    // Its last words come before the news of its exit.
    this.files?.stdout.poll();
    this.files?.stderr.poll();
    this.options.onExit?.();
    const { backoff, onLine, onState } = this.options;
    const now = Date.now();
    if (now - this.startedAt >= backoff.stableMs) this.delayMs = backoff.initialMs;
    this.exits = [...this.exits.filter((at) => now - at < backoff.windowMs), now];
    const how = signal ? `was killed by ${signal}` : code === null ? "exited" : `exited with code ${code}`;
    if (this.exits.length >= backoff.crashLimit) {
      this.state = "failed";
      const detail = `${this.options.spec.program} ${how} ${this.exits.length} times within ${Math.round(backoff.windowMs / 1000)} s; not restarting it. Fix the error above and deploy again.`;
      onLine("platform", detail);
      onState("failed", detail);
      return;
    }
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, backoff.maxMs);
    this.state = "restarting";
    onLine("platform", `${this.options.spec.program} ${how}; restarting in ${(delay / 1000).toFixed(1)} s`);
    onState("restarting");
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      this.state = "running";
      this.start();
      onState("running");
    }, delay);
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    if (this.group) await stopGroup(this.group, graceMs);
    this.files?.stdout.close();
    this.files?.stderr.close();
    this.state = "stopped";
  }
}
