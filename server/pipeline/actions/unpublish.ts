import { FREE_TIER } from "@/server/services/billing/plans";
import { freeStopNotice, scheduleFreeStop } from "@/server/services/billing/schedule-free-stop";
import { loadAppContext, loadRelease } from "../app-context";
import type { ActionContext } from "../context";
import { appHosts } from "../release-instances";
import { exposeApp } from "../expose-app";
import { replaceWorkers, rollOut } from "../rollout";
import { actionRollout, withinStage } from "./shared";

/**
 * After a downgrade made the app unpublished: its CNAMEs stop being routed, it comes back
 * within the free tier's instance limit, and its automatic stop is scheduled.
 */
export async function unpublishAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook, action } = ctx;
  const app = await loadAppContext(db, action.appId);
  if (app.published) {
    logbook.info("The app is published again: nothing to change.");
    return;
  }
  logbook.info("The account's plan no longer publishes this app: it is back on the free tier.");
  if (!app.currentReleaseId) return;
  const release = await loadRelease(db, app.currentReleaseId);
  await ctx.stage("route", async () => {
    const hosts = appHosts(runtime, app);
    await exposeApp(runtime, app, release, hosts);
    logbook.info(`Serving ${hosts.join(", ")} only; custom domains are no longer routed.`);
  });
  const max = FREE_TIER.maxInstances;
  const live = runtime.live(app.id, "app");
  if (live.length > max || (app.workerInstances ?? 0) > max) {
    await ctx.stage("scale", async () => {
      const rollout = actionRollout(ctx, app, release, withinStage);
      if (live.length > max) await rollOut(rollout, { start: 0, retire: live.slice(max) });
      if ((app.workerInstances ?? 0) > max) await replaceWorkers(rollout, max);
    });
  }
  await db.app.update({ where: { id: app.id }, data: { instances: Math.min(app.instances, max) } });
  await db.worker.updateMany({ where: { appId: app.id, instances: { gt: max } }, data: { instances: max } });
  const stopAt = await scheduleFreeStop({ appId: app.id });
  if (stopAt) logbook.info(freeStopNotice(stopAt, new Date(), true));
}
