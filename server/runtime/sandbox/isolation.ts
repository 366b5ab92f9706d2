import "server-only";
import { isRoot } from "@/server/platform/system-accounts";
import type { ResourceLimits } from "../driver";
import { cgroupMode } from "./cgroup";

/** The sandbox needs root (bwrap without a user namespace, setpriv to the app's user). */
export function sandboxEnabled(): boolean {
  return isRoot();
}

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * Per-instance limits: memory is the account plan's instance size (what invoices bill) unless
 * the operator sets THIRTY_INSTANCE_MEMORY_MB (256 without either); THIRTY_INSTANCE_PIDS (256),
 * THIRTY_INSTANCE_CPU_SHARES (512).
 */
export function instanceLimits(planMemoryMb?: number): ResourceLimits {
  return {
    memoryMb: positive("THIRTY_INSTANCE_MEMORY_MB", planMemoryMb ?? 256),
    pids: positive("THIRTY_INSTANCE_PIDS", 256),
    cpuShares: positive("THIRTY_INSTANCE_CPU_SHARES", 512),
  };
}

/** Builds (pip compiles, git packs) need more memory than a running instance: THIRTY_BUILD_MEMORY_MB (1024). */
export function jobLimits(): ResourceLimits {
  return { ...instanceLimits(), memoryMb: positive("THIRTY_BUILD_MEMORY_MB", 1024) };
}

let reported = false;

/** One line at start-up saying how tenants are isolated here, and how not. */
export function describeIsolation(): string {
  if (!sandboxEnabled())
    return "Isolation reduced: the platform does not run as root, so apps run as the platform's own user, without the bubblewrap sandbox, per-app users or cgroup limits. Only for a single tenant.";
  const mode = cgroupMode();
  return mode === "none"
    ? "Apps run sandboxed as their own users, but cgroups are not writable here: memory and process limits fall back to rlimits (prlimit), and out-of-memory kills are not reported."
    : `Apps run sandboxed as their own users with cgroup ${mode} limits.`;
}

export function reportIsolationOnce(log: (line: string) => void = console.log): void {
  if (reported) return;
  reported = true;
  const line = describeIsolation();
  if (!line.startsWith("Apps run sandboxed as their own users with")) log(`WARNING: ${line}`);
}
