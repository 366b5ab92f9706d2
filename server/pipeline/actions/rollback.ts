import { access } from "node:fs/promises";
import { freeStopNotice, scheduleFreeStop } from "@/server/services/billing/schedule-free-stop";
import { loadAppContext, loadRelease, type ReleaseRecord } from "../app-context";
import type { ActionContext } from "../context";
import { appHosts, projectRoot } from "../release-instances";
import { StepFailure } from "../step-failure";
import { rollOut } from "../rollout";
import { actionRollout, requireCurrentRelease } from "./shared";

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
  await rollOut(actionRollout(ctx, app, release), {
    start: app.instances,
    retire: "running",
    keepsServing: `release ${current.number}`,
    commit: async () => {
      await db.app.update({ where: { id: app.id }, data: { currentReleaseId: release.id } });
    },
    switched: () =>
      logbook.info(`Release ${release.number} is live again at ${runtime.appUrl(hosts[0] ?? "")}.`),
    workers: app.workerInstances ?? undefined,
  });
  const stopAt = await scheduleFreeStop({ appId: app.id });
  if (stopAt) logbook.info(freeStopNotice(stopAt));
}
