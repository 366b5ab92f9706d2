/**
 * What one platform process runs (THIRTY_ROLES, comma-separated; all three by default):
 * - `web`: the dashboard, tRPC and the REST API (Next.js);
 * - `worker`: takes actions from the shared queue and runs them;
 * - `runtime`: this machine's instances and router (it starts and stops app processes).
 * Processes share everything through PostgreSQL (DATABASE_URL) and its LISTEN/NOTIFY.
 */
export type Role = "web" | "worker" | "runtime";

export const ALL_ROLES: readonly Role[] = ["web", "worker", "runtime"];

export function parseRoles(raw: string | undefined): Set<Role> {
  if (raw === undefined || raw.trim() === "") return new Set(ALL_ROLES);
  const roles = new Set<Role>();
  for (const part of raw.split(",").map((role) => role.trim().toLowerCase())) {
    if (!part) continue;
    if (!(ALL_ROLES as readonly string[]).includes(part))
      throw new Error(
        `THIRTY_ROLES: "${part}" is not a role; use any of web, worker, runtime (e.g. "web" or "worker,runtime").`,
      );
    roles.add(part as Role);
  }
  if (roles.size === 0) throw new Error("THIRTY_ROLES names no role; use any of web, worker, runtime.");
  return roles;
}

export function isSplit(roles: Set<Role>): boolean {
  return ALL_ROLES.some((role) => !roles.has(role));
}

/**
 * Why these roles cannot run in this process as configured, or null. A worker asks the
 * runtime of its own process to start and stop instances (there is no channel between a
 * worker and a runtime in different processes yet), so the two go together. Processes that
 * run split must share the control plane's database, the apps' database server and the key
 * that encrypts secrets: none of them can be made up by one process for the others.
 */
export function rolesProblem(roles: Set<Role>, env: Record<string, string | undefined>): string | null {
  if (roles.has("worker") !== roles.has("runtime"))
    return `THIRTY_ROLES=${[...roles].join(",")}: the worker and the runtime run in the same process for now (the worker starts instances through its own process's runtime). Use "worker,runtime" for the process that deploys, and "web" for the others.`;
  if (!isSplit(roles)) return null;
  const missing = ["DATABASE_URL", "THIRTY_PG_ADMIN_URL", "THIRTY_SECRET"].filter((name) => !env[name]);
  if (missing.length)
    return `THIRTY_ROLES=${[...roles].join(",")} runs part of the platform, beside other processes: set ${missing.join(", ")} to the values every process shares (the platform's PostgreSQL, the apps' PostgreSQL server and the secrets key). See "Running split" in the README.`;
  return null;
}

/** The line the launcher prints about what this process runs. */
export function describeRoles(roles: Set<Role>): string {
  if (!isSplit(roles)) return "all roles (web, worker, runtime)";
  const parts: string[] = [];
  if (roles.has("web")) parts.push("web (dashboard, tRPC, REST API)");
  if (roles.has("worker")) parts.push("worker (actions from the queue)");
  if (roles.has("runtime")) parts.push("runtime (this machine's instances and router)");
  return parts.join(" + ");
}
