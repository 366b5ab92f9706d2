import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import type {
  InstanceSpec,
  InstanceState,
  InstanceStatus,
  InstanceUsage,
  JobResult,
  JobSpec,
  OutputLine,
  RecoveredInstance,
  RuntimeDriver,
} from "../driver";
import { createCgroup, removeLeftoverCgroups, type Cgroup } from "../sandbox/cgroup";
import { confinedCommand } from "../sandbox/confined-command";
import {
  killRecorded,
  markerOf,
  outputPrefix,
  pidFileName,
  readInstanceRecord,
  recordedPid,
  recordedRuns,
  writeInstanceRecord,
  writePidFile,
} from "./run-records";
import { runsAs, spawnGroup, stopGroup, type SpawnedGroup } from "./process-group";
import { processTreeUsage } from "./proc-usage";
import { waitForHttp } from "./wait-for-http";
import { DEFAULT_BACKOFF, SupervisedProcess, type BackoffPolicy } from "./supervised-process";

type Instance = {
  spec: InstanceSpec;
  processes: SupervisedProcess[];
  state: InstanceState;
  detail?: string;
  cgroup: Cgroup | null;
  oomKills: number;
  oomTimer?: NodeJS.Timeout;
};

export type LocalDriverOptions = {
  onLine: (line: OutputLine) => void;
  onState?: (status: InstanceStatus) => void;
  backoff?: BackoffPolicy;
};

/** How often a running instance's OOM counter is read: gunicorn restarts a killed worker itself. */
const OOM_POLL_MS = 1000;

/** Instances as supervised process groups on this machine, sandboxed when their spec says so. */
export class LocalDriver implements RuntimeDriver {
  private readonly instances = new Map<string, Instance>();
  /** Jobs running now: shutdown stops them, so none outlives the platform. */
  private readonly jobs = new Set<SpawnedGroup>();

  constructor(private readonly options: LocalDriverOptions) {}

  async startInstance(spec: InstanceSpec): Promise<InstanceStatus> {
    if (this.instances.has(spec.instanceId))
      throw new Error(`Instance ${spec.instanceId} is already running.`);
    // Recorded before anything runs: a platform process that crashes from here on leaves
    // enough behind for the next one to take the instance over or stop it.
    if (spec.pidDir) writeInstanceRecord(spec.pidDir, spec);
    const instance = this.supervise(spec);
    for (const process of instance.processes) process.start();
    return this.status(instance);
  }

  /**
   * The instance's processes, supervised but not started. Their output goes to files in the
   * pid directory when there is one (so they outlive this process), else through pipes; their
   * sandboxes do not die with this process either way.
   */
  private supervise(spec: InstanceSpec): Instance {
    const cgroup = spec.sandbox && spec.limits ? createCgroup(`i-${spec.instanceId}`, spec.limits) : null;
    const instance: Instance = { spec, processes: [], state: "running", cgroup, oomKills: 0 };
    this.instances.set(spec.instanceId, instance);
    if (cgroup) instance.oomTimer = setInterval(() => this.checkOom(instance), OOM_POLL_MS);
    for (const processSpec of spec.processes) {
      const command = confinedCommand({
        cgroup,
        marker: { INSTANCE_ID: spec.instanceId },
        argv: processSpec.argv,
        cwd: spec.cwd,
        env: spec.env,
        sandbox: spec.sandbox,
        limits: spec.limits,
        outlivesPlatform: true,
      });
      instance.processes.push(
        new SupervisedProcess({
          spec: { program: processSpec.program, argv: command.argv },
          cwd: command.cwd,
          env: command.env,
          inputs: command.inputs,
          backoff: this.options.backoff ?? DEFAULT_BACKOFF,
          marker: markerOf(spec.instanceId),
          outputPrefix: spec.pidDir ? outputPrefix(spec.pidDir, processSpec.program) : undefined,
          onLine: (stream, line) => this.emit(spec.instanceId, processSpec.program, stream, line),
          onSpawn: (pid) => {
            if (spec.pidDir) writePidFile(spec.pidDir, processSpec.program, pid);
          },
          onExit: () => this.checkOom(instance),
          onState: (_state, detail) => {
            if (detail) instance.detail = detail;
            this.refreshState(instance);
          },
        }),
      );
    }
    return instance;
  }

  private emit(instanceId: string, program: string, stream: OutputLine["stream"], line: string): void {
    this.options.onLine({ instanceId, program, stream, line, at: new Date() });
  }

  /** Says so in the app's logs when the kernel killed one of the instance's processes for memory. */
  private checkOom(instance: Instance): void {
    const kills = instance.cgroup?.oomKills() ?? 0;
    if (kills <= instance.oomKills) return;
    instance.oomKills = kills;
    this.emit(
      instance.spec.instanceId,
      instance.spec.processes[0]?.program ?? "instance",
      "platform",
      `The instance ran out of memory (limit ${instance.cgroup?.memoryMb ?? "?"} MB): the kernel killed one of its processes. Use less memory per process or fewer workers.`,
    );
  }

  /** An instance is failed when any of its processes is, restarting while one is. */
  private refreshState(instance: Instance): void {
    const states = instance.processes.map((p) => p.state);
    const next: InstanceState = states.includes("failed")
      ? "failed"
      : states.includes("restarting")
        ? "restarting"
        : "running";
    if (next === instance.state) return;
    instance.state = next;
    this.options.onState?.(this.status(instance));
  }

  private status(instance: Instance): InstanceStatus {
    return {
      instanceId: instance.spec.instanceId,
      appId: instance.spec.appId,
      state: instance.state,
      detail: instance.detail,
    };
  }

  async stopInstance(instanceId: string, options: { graceMs?: number } = {}): Promise<void> {
    const instance = this.instances.get(instanceId);
    if (!instance) return;
    this.instances.delete(instanceId);
    clearInterval(instance.oomTimer);
    await Promise.all(instance.processes.map((p) => p.stop(options.graceMs ?? 10_000)));
    await instance.cgroup?.remove();
    instance.state = "stopped";
    this.options.onState?.(this.status(instance));
  }

  async checkInstance(
    instanceId: string,
    options: { host: string; timeoutMs: number; signal?: AbortSignal },
  ): Promise<boolean> {
    const spec = this.instances.get(instanceId)?.spec;
    if (!spec) return false;
    return waitForHttp({ port: spec.port, socketPath: spec.socket, ...options });
  }

  async recover(pidDirs: string[]): Promise<{ recovered: RecoveredInstance[]; stopped: number }> {
    const recovered: RecoveredInstance[] = [];
    const gone: string[] = [];
    let stopped = 0;
    for (const [id, runDir] of recordedRuns(pidDirs)) {
      // Its own instances are not left over: never stopped, never taken over twice.
      if (this.instances.has(id)) continue;
      const spec = this.recoverable(id, runDir);
      if (!spec) {
        stopped += killRecorded(runDir, id);
        gone.push(id);
        continue;
      }
      const programs = new Set(spec.processes.map((p) => pidFileName(p.program)));
      // Jobs it was running (cron) belonged to the process that crashed: they end here.
      stopped += killRecorded(runDir, id, programs);
      const instance = this.supervise(spec);
      const taken = instance.processes.map((process, index) => {
        const program = spec.processes[index]?.program ?? "";
        const pid = recordedPid(runDir, pidFileName(program));
        return pid !== null && process.adopt(pid);
      });
      if (taken.every(Boolean)) {
        recovered.push({ spec, status: this.status(instance) });
        continue;
      }
      // One of them ended meanwhile: the rest goes too, and the caller starts afresh.
      await this.stopInstance(id, { graceMs: 0 });
      stopped += killRecorded(runDir, id);
      gone.push(id);
    }
    await removeLeftoverCgroups(gone, new Set(recovered.map((r) => r.spec.instanceId)));
    return { recovered, stopped };
  }

  /** The instance recorded in runDir when every one of its processes still runs as it. */
  private recoverable(id: string, runDir: string): InstanceSpec | null {
    const spec = readInstanceRecord(runDir);
    if (!spec || spec.instanceId !== id || path.resolve(spec.pidDir ?? "") !== path.resolve(runDir))
      return null;
    const alive = spec.processes.every((process) => {
      const pid = recordedPid(runDir, pidFileName(process.program));
      return pid !== null && runsAs(pid, markerOf(id));
    });
    return alive ? spec : null;
  }

  listInstances(filter: { appId?: string } = {}): InstanceStatus[] {
    return [...this.instances.values()]
      .filter((i) => !filter.appId || i.spec.appId === filter.appId)
      .map((i) => this.status(i));
  }

  /**
   * CPU time used so far and memory held now by every running instance: from its cgroup, or
   * from /proc of its process trees where there is no cgroup (or it lacks a counter).
   */
  usage(): Map<string, InstanceUsage> {
    const result = new Map<string, InstanceUsage>();
    const fallback = new Map<string, number[]>();
    for (const [id, instance] of this.instances) {
      const fromGroup = instance.cgroup?.usage() ?? { cpuNanos: null, memoryBytes: null };
      result.set(id, fromGroup);
      if (fromGroup.cpuNanos === null || fromGroup.memoryBytes === null) {
        const pids = instance.processes.map((p) => p.pid).filter((pid): pid is number => pid !== undefined);
        fallback.set(id, pids);
      }
    }
    for (const [id, tree] of processTreeUsage(fallback)) {
      const usage = result.get(id);
      if (!usage) continue;
      usage.cpuNanos ??= tree.cpuNanos;
      usage.memoryBytes ??= tree.memoryBytes;
    }
    return result;
  }

  /** Runs a job in its own group (and cgroup); aborting kills that group, and only it. */
  async runJob(
    spec: JobSpec,
    options: { signal?: AbortSignal; onLine?: (stream: "stdout" | "stderr", line: string) => void } = {},
  ): Promise<JobResult> {
    const cgroup =
      spec.sandbox && spec.limits
        ? createCgroup(`j-${spec.jobId}-${randomBytes(3).toString("hex")}`, spec.limits)
        : null;
    const command = confinedCommand({
      cgroup,
      marker: { INSTANCE_ID: spec.jobId },
      argv: spec.argv,
      cwd: spec.cwd,
      env: spec.env,
      sandbox: spec.sandbox,
      limits: spec.limits,
    });
    const group = spawnGroup({
      argv: command.argv,
      cwd: command.cwd,
      env: command.env,
      inputs: command.inputs,
      output: {
        kind: "pipes",
        onLine: (stream, line) =>
          options.onLine ? options.onLine(stream, line) : this.emit(spec.jobId, spec.program, stream, line),
      },
    });
    this.jobs.add(group);
    const pid = group.pid;
    const pidFile = spec.pidDir && pid ? `job-${pid}` : null;
    if (pidFile && spec.pidDir && pid) writePidFile(spec.pidDir, pidFile, pid);
    const abort = () => void stopGroup(group, 2000);
    options.signal?.addEventListener("abort", abort, { once: true });
    if (options.signal?.aborted) abort();
    try {
      const exit = await group.exited;
      // Children that outlived the job's leader go with it.
      await stopGroup(group, 0);
      return { exitCode: exit.code, signal: exit.signal, outOfMemory: (cgroup?.oomKills() ?? 0) > 0 };
    } finally {
      this.jobs.delete(group);
      options.signal?.removeEventListener("abort", abort);
      if (pidFile && spec.pidDir) await rm(path.join(spec.pidDir, pidFileName(pidFile)), { force: true });
      await cgroup?.remove();
    }
  }

  async shutdown(): Promise<void> {
    await Promise.all([
      ...[...this.instances.keys()].map((id) => this.stopInstance(id, { graceMs: 5000 })),
      ...[...this.jobs].map((group) => stopGroup(group, 2000)),
    ]);
  }
}
