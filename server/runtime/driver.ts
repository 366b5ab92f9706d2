/**
 * Where instances run. The `local` driver supervises child processes on this machine; a
 * `kubernetes` driver would map the same calls onto Deployments and Jobs.
 */
export type ProcessSpec = { program: string; argv: string[] };

export type InstanceSpec = {
  instanceId: string;
  appId: string;
  kind: "app" | "worker";
  cwd: string;
  /** The only environment the processes get: never the platform's own variables. */
  env: Record<string, string>;
  processes: ProcessSpec[];
  port?: number;
  /** Where the driver records process ids, so a platform that crashed can clean up after itself. */
  pidDir?: string;
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

export type OneOffSpec = {
  instanceId: string;
  cwd: string;
  env: Record<string, string>;
  argv: string[];
  program: string;
};

export interface RuntimeDriver {
  startInstance(spec: InstanceSpec): Promise<InstanceStatus>;
  stopInstance(instanceId: string, options?: { graceMs?: number }): Promise<void>;
  listInstances(filter?: { appId?: string }): InstanceStatus[];
  runOneOff(
    spec: OneOffSpec,
    options?: { signal?: AbortSignal },
  ): Promise<{ exitCode: number | null; signal: string | null }>;
  shutdown(): Promise<void>;
}
