/**
 * Where instances run. The `local` driver supervises child processes on this machine; a
 * `kubernetes` driver would map the same calls onto Deployments and Jobs.
 */
export type ProcessSpec = { program: string; argv: string[] };

/** A host directory visible inside the sandbox at `dest`. */
export type Bind = { source: string; dest: string; writable?: boolean };

/**
 * How a tenant's processes are confined: as the app's own user, seeing only these binds
 * (plus /usr and /etc read-only, a private /tmp, /proc of its own pid namespace).
 */
export type SandboxSpec = {
  user: { name: string; uid: number; gid: number };
  binds: Bind[];
  /** Small files (credentials, helpers) put into the sandbox's private /tmp through pipes. */
  files?: { dest: string; content: string; mode?: number }[];
};

export type ResourceLimits = { memoryMb: number; pids: number; cpuShares: number };

export type InstanceSpec = {
  instanceId: string;
  appId: string;
  kind: "app" | "worker";
  /** The working directory, as the processes see it (inside the sandbox when there is one). */
  cwd: string;
  /** The only environment the processes get: never the platform's own variables. */
  env: Record<string, string>;
  processes: ProcessSpec[];
  /** Where the instance answers HTTP: a loopback port, or a unix socket's host path. */
  port?: number;
  socket?: string;
  /** Where the driver records process ids, so a platform that crashed can clean up after itself. */
  pidDir?: string;
  /** Absent: the processes run unconfined as the platform's user (single-tenant, non-root). */
  sandbox?: SandboxSpec;
  limits?: ResourceLimits;
  /** The platform's own notes on the instance, kept by the driver and given back on recovery. */
  labels?: Record<string, string>;
};

export type InstanceState = "starting" | "running" | "restarting" | "failed" | "stopped";

export type OutputLine = {
  instanceId: string;
  program: string;
  stream: "stdout" | "stderr" | "platform";
  line: string;
  at: Date;
};

export type InstanceStatus = { instanceId: string; appId: string; state: InstanceState; detail?: string };

/** One run of a command on the app's behalf: fetch, build, hooks, cron jobs, one-off commands. */
export type JobSpec = {
  /** Names the job's pid file and cgroup; output lines carry it as their instance id. */
  jobId: string;
  appId: string;
  program: string;
  cwd: string;
  env: Record<string, string>;
  argv: string[];
  sandbox?: SandboxSpec;
  limits?: ResourceLimits;
  pidDir?: string;
};

/** CPU time an instance used since it started and the memory it holds now; null when unknown. */
export type InstanceUsage = { cpuNanos: number | null; memoryBytes: number | null };

export type JobResult = { exitCode: number | null; signal: string | null; outOfMemory: boolean };

/** An instance a crashed platform process left running, taken over by this driver. */
export type RecoveredInstance = { spec: InstanceSpec; status: InstanceStatus };

/**
 * The boundary between the platform and wherever instances run: the pipeline and the runtime
 * reach processes only through these calls, and every driver passes the same contract suite
 * (tests/runtime/driver-contract.ts). Output lines and state changes come back through the
 * callbacks a driver is constructed with.
 */
export interface RuntimeDriver {
  startInstance(spec: InstanceSpec): Promise<InstanceStatus>;
  /**
   * True once the instance answers HTTP at all (any status: the app is up), asked with the
   * app's host name; false when it did not within `timeoutMs`, or is not running.
   */
  checkInstance(
    instanceId: string,
    options: { host: string; timeoutMs: number; signal?: AbortSignal },
  ): Promise<boolean>;
  stopInstance(instanceId: string, options?: { graceMs?: number }): Promise<void>;
  listInstances(filter?: { appId?: string }): InstanceStatus[];
  /** Every running instance's usage, read now (the platform's metrics sample it periodically). */
  usage(): Map<string, InstanceUsage>;
  /**
   * After a crash of a platform process, with the pid records it kept: instances whose
   * processes all still run are taken over (supervised again, their output followed on from
   * where it was last read) and returned; everything else recorded there (jobs, instances
   * missing a process) is stopped, only where it still carries its marker. The caller decides
   * which recovered instances to keep and stops the others.
   */
  recover(pidDirs: string[]): Promise<{ recovered: RecoveredInstance[]; stopped: number }>;
  /**
   * Runs a job to its end; aborting kills it and everything it started. Lines go to `onLine`
   * when given, else to the driver's log sink.
   */
  runJob(
    spec: JobSpec,
    options?: { signal?: AbortSignal; onLine?: (stream: "stdout" | "stderr", line: string) => void },
  ): Promise<JobResult>;
  /** Stops every instance and every running job. */
  shutdown(): Promise<void>;
}
