import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { ownedDirectory } from "@/server/runtime/sandbox/app-directories";
import { APPS_POSTGRES_BIN } from "@/server/platform/apps-postgres";
import type { DatabaseCredentials } from "../database-credentials";
import type { ActionContext } from "../context";
import { runProgram, toolEnvironment, type ProgramResult } from "../run-program";

/** Inside the sandbox, the job's scratch directory (dump files in and out) is seen here. */
const SANDBOX_WORK = "/dump";

/**
 * A scratch directory for one action's pg_dump/pg_restore, owned by the app's user (the tool
 * runs as that user, in its sandbox). Removed by `cleanup`.
 */
export async function dumpWorkDir(
  ctx: ActionContext,
): Promise<{ host: string; inside: string; cleanup: () => Promise<void> }> {
  const user = await ctx.runtime.prepareApp(ctx.action.appId);
  const host = path.join(ctx.runtime.paths(ctx.action.appId).appDir, "database-work", ctx.action.id);
  await rm(host, { recursive: true, force: true });
  if (user) await ownedDirectory(host, user.uid, user.gid, 0o700);
  else await mkdir(host, { recursive: true, mode: 0o700 });
  return {
    host,
    inside: user ? SANDBOX_WORK : host,
    cleanup: () => rm(host, { recursive: true, force: true }),
  };
}

/**
 * Runs pg_dump or pg_restore as the app's own database role (never a superuser), as the app's
 * Unix user in its sandbox, seeing only the scratch directory. Credentials go through the
 * environment (the sandbox's private env file), never the argv. Output lines reach the logbook.
 */
export async function runPgTool(
  ctx: ActionContext,
  options: { tool: "pg_dump" | "pg_restore"; args: string[]; database: DatabaseCredentials; workDir: string },
): Promise<ProgramResult> {
  const sandbox = await ctx.runtime.sandboxFor(ctx.action.appId, [
    { source: options.workDir, dest: SANDBOX_WORK, writable: true },
  ]);
  const db = options.database;
  return runProgram({
    runtime: ctx.runtime,
    appId: ctx.action.appId,
    program: options.tool,
    argv: [path.join(APPS_POSTGRES_BIN, options.tool), ...options.args],
    cwd: sandbox ? SANDBOX_WORK : options.workDir,
    env: toolEnvironment({
      PGHOST: db.host,
      PGPORT: String(db.port),
      PGUSER: db.username,
      PGPASSWORD: db.password,
      PGDATABASE: db.name,
      PGCONNECT_TIMEOUT: "10",
    }),
    sandbox,
    signal: ctx.signal,
    onLine: (line) => ctx.logbook.info(`${options.tool}: ${line}`),
  });
}
