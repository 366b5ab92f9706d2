import type {
  InstanceSpec,
  InstanceState,
  InstanceStatus,
  OneOffSpec,
  OutputLine,
  RuntimeDriver,
} from "../driver";
import { writePidFile } from "./orphans";
import { spawnGroup, stopGroup } from "./process-group";
import { DEFAULT_BACKOFF, SupervisedProcess, type BackoffPolicy } from "./supervised-process";

type Instance = { spec: InstanceSpec; processes: SupervisedProcess[]; state: InstanceState; detail?: string };

export type LocalDriverOptions = {
  onLine: (line: OutputLine) => void;
  onState?: (status: InstanceStatus) => void;
  backoff?: BackoffPolicy;
};

/** Instances as supervised process groups on this machine. */
export class LocalDriver implements RuntimeDriver {
  private readonly instances = new Map<string, Instance>();

  constructor(private readonly options: LocalDriverOptions) {}

  async startInstance(spec: InstanceSpec): Promise<InstanceStatus> {
    if (this.instances.has(spec.instanceId))
      throw new Error(`Instance ${spec.instanceId} is already running.`);
    const instance: Instance = { spec, processes: [], state: "running" };
    this.instances.set(spec.instanceId, instance);
    for (const processSpec of spec.processes) {
      const supervised = new SupervisedProcess({
        spec: processSpec,
        cwd: spec.cwd,
        env: spec.env,
        backoff: this.options.backoff ?? DEFAULT_BACKOFF,
        onLine: (stream, line) =>
          this.options.onLine({
            instanceId: spec.instanceId,
            program: processSpec.program,
            stream,
            line,
            at: new Date(),
          }),
        onSpawn: (pid) => {
          if (spec.pidDir) writePidFile(spec.pidDir, processSpec.program, pid);
        },
        onState: (_state, detail) => {
          if (detail) instance.detail = detail;
          this.refreshState(instance);
        },
      });
      instance.processes.push(supervised);
      supervised.start();
    }
    return this.status(instance);
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
    await Promise.all(instance.processes.map((p) => p.stop(options.graceMs ?? 10_000)));
    instance.state = "stopped";
    this.options.onState?.(this.status(instance));
  }

  listInstances(filter: { appId?: string } = {}): InstanceStatus[] {
    return [...this.instances.values()]
      .filter((i) => !filter.appId || i.spec.appId === filter.appId)
      .map((i) => this.status(i));
  }

  /** Runs a command in an instance's context; aborting kills its whole group, and only it. */
  async runOneOff(spec: OneOffSpec, options: { signal?: AbortSignal } = {}) {
    const group = spawnGroup({
      argv: spec.argv,
      cwd: spec.cwd,
      env: spec.env,
      onLine: (stream, line) =>
        this.options.onLine({
          instanceId: spec.instanceId,
          program: spec.program,
          stream,
          line,
          at: new Date(),
        }),
    });
    const abort = () => void stopGroup(group, 2000);
    options.signal?.addEventListener("abort", abort, { once: true });
    if (options.signal?.aborted) abort();
    try {
      const exit = await group.exited;
      return { exitCode: exit.code, signal: exit.signal };
    } finally {
      options.signal?.removeEventListener("abort", abort);
    }
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.instances.keys()].map((id) => this.stopInstance(id, { graceMs: 5000 })));
  }
}
