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
  port?: number;
  /** Where the driver records process ids, so a platform that crashed can clean up after itself. */
  pidDir?: string;
  /** Absent: the processes run unconfined as the platform's user (single-tenant, non-root). */
  sandbox?: SandboxSpec;
  limits?: ResourceLimits;
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

export type JobResult = { exitCode: number | null; signal: string | null; outOfMemory: boolean };

export interface RuntimeDriver {
  startInstance(spec: InstanceSpec): Promise<InstanceStatus>;
  stopInstance(instanceId: string, options?: { graceMs?: number }): Promise<void>;
  listInstances(filter?: { appId?: string }): InstanceStatus[];
  /**
   * Runs a job to its end; aborting kills it and everything it started. Lines go to `onLine`
   * when given, else to the driver's log sink.
   */
  runJob(
    spec: JobSpec,
    options?: { signal?: AbortSignal; onLine?: (stream: "stdout" | "stderr", line: string) => void },
  ): Promise<JobResult>;
  shutdown(): Promise<void>;
}
