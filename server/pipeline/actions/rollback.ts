import { access } from "node:fs/promises";
import type { LiveInstance } from "@/server/runtime/platform-runtime";
import { scheduleFreeStop } from "@/server/services/billing/schedule-free-stop";
import { loadAppContext, loadRelease, type ReleaseRecord } from "../app-context";
import type { ActionContext } from "../context";
import { appHosts, projectRoot } from "../release-instances";
import { StepFailure } from "../step-failure";
import { exposeApp, replaceWorkers, requireCurrentRelease, startCheckedInstances } from "./shared";

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The kept release to switch to; its files must still be on disk (pruning removes them). */
async function loadTarget(ctx: ActionContext, appId: string, number: number): Promise<ReleaseRecord> {
  const row = await ctx.db.release.findUnique({ where: { appId_number: { appId, number } } });
  if (!row)
    throw new StepFailure(
      `Release ${number} is no longer kept: its files were pruned. Roll back to a kept release or deploy its commit again.`,
    );
  const release = await loadRelease(ctx.db, row.id);
  const missing =
    !(await exists(projectRoot(release))) || (release.virtualenv && !(await exists(release.virtualenv)));
  if (missing)
    throw new StepFailure(
      `The files of release ${number} are gone from this machine: deploy its commit (${release.commitSha.slice(0, 12)}) again instead.`,
    );
  return release;
}

/**
 * Rollback: the deploy's start → check → switch → drain on a kept release, without fetching
 * or building. Postinstall hooks are not run again: they ran when the release was deployed,
 * and replaying them (migrations, mostly) against newer data could do harm.
 */
export async function rollbackAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook } = ctx;
  const app = await loadAppContext(db, ctx.action.appId);
  const current = await loadRelease(db, await requireCurrentRelease(ctx, app));
  const number = Number(ctx.action.options.release);
  if (!Number.isInteger(number)) throw new StepFailure("No release to roll back to was given.");
  const release = await loadTarget(ctx, app.id, number);
  logbook.info(
    `Rolling back from release ${current.number} to release ${release.number} (${release.commitSha.slice(0, 12)}).`,
  );
  const hosts = appHosts(runtime, app);
  const fresh: LiveInstance[] = [];
  if (app.variant === "python" && app.instances > 0) {
    try {
      await startCheckedInstances(ctx, app, release, hosts[0] ?? "", fresh);
      // Inside the try: a cancel that came first stops the new instances again.
      await ctx.pointOfNoReturn();
    } catch (error) {
      logbook.info(`Stopping the new instances; release ${current.number} keeps serving.`);
      await Promise.all(fresh.map((instance) => runtime.stopInstance(instance, { drainMs: 0 })));
      throw error;
    }
  }
  await ctx.stage("switch", async () => {
    const old = runtime.live(app.id, "app").filter((i) => !fresh.includes(i));
    if (app.variant === "python") {
      // Not awaited: the switch below waits for the router, so both changes take one reload.
      void exposeApp(runtime, app, release, hosts);
      await db.app.update({ where: { id: app.id }, data: { currentReleaseId: release.id } });
      await runtime.switchTo(app.id, fresh, old);
      runtime.cron.load(app.id, fresh);
    } else {
      await exposeApp(runtime, app, release, hosts);
      await db.app.update({ where: { id: app.id }, data: { currentReleaseId: release.id } });
    }
    logbook.info(`Release ${release.number} is live again at ${runtime.appUrl(hosts[0] ?? "")}.`);
  });
  if (app.workerInstances !== null) {
    await ctx.stage("workers", () => replaceWorkers(ctx, app, release, app.workerInstances ?? 0));
  }
  const stopAt = await scheduleFreeStop({ appId: app.id });
  if (stopAt) logbook.info(`Free tier: the app stops at ${stopAt.toISOString()} unless it is published.`);
}
