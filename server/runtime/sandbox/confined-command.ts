import "server-only";
import type { ResourceLimits, SandboxSpec } from "../driver";
import { sandboxCommand } from "./bwrap-argv";
import type { Cgroup } from "./cgroup";

export type ConfinedCommand = {
  argv: string[];
  /** The spawned process's own environment: the tenant's goes in through a pipe instead. */
  env: Record<string, string>;
  cwd: string;
  inputs: string[];
};

/**
 * What to spawn for a command: unconfined as given without a sandbox, else bwrap as the app's
 * user inside the given cgroup (or under rlimits when there is none).
 * `marker` is put into the spawned process's environment (orphan clean-up recognises it).
 */
export function confinedCommand(options: {
  cgroup: Cgroup | null;
  marker: Record<string, string>;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  sandbox?: SandboxSpec;
  limits?: ResourceLimits;
  /**
   * An instance's sandbox keeps running when the platform process that started it dies (the
   * next one takes it over); a job's dies with it.
   */
  outlivesPlatform?: boolean;
}): ConfinedCommand {
  // The marker also goes to unconfined processes: orphan clean-up finds them by it too.
  if (!options.sandbox)
    return { argv: options.argv, env: { ...options.env, ...options.marker }, cwd: options.cwd, inputs: [] };
  const { cgroup } = options;
  const built = sandboxCommand({
    sandbox: options.sandbox,
    argv: options.argv,
    cwd: options.cwd,
    env: options.env,
    cgroupProcs: cgroup?.procsFiles ?? [],
    dieWithParent: !options.outlivesPlatform,
    rlimits: cgroup ? undefined : options.limits,
  });
  return {
    argv: built.argv,
    // bwrap runs as root: it gets nothing of the tenant's environment (LD_PRELOAD and friends).
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8", ...options.marker },
    cwd: "/",
    inputs: built.inputs,
  };
}
