import { freeStopDelayMs } from "@/server/services/billing/free-stop-delay";
import { markFreeStopped } from "@/server/services/billing/mark-free-stopped";
import { loadAppContext, loadRelease } from "../app-context";
import type { ActionContext } from "../context";
import { replaceWorkers, rollOut } from "../rollout";
import { actionRollout, withinStage } from "./shared";

function duration(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} hours`;
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} minutes`;
  return `${+(ms / 1000).toFixed(1)} seconds`;
}

/**
 * The free tier's automatic stop: every instance and worker of an unpublished app stops, the
 * same way `scale` to 0 stops them. The app's configured counts stay, so the next deploy
 * brings it back as it was.
 */
export async function freeStopAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook } = ctx;
  const app = await loadAppContext(db, ctx.action.appId);
  if (app.published) {
    logbook.info("The app is published: the free tier's automatic stop no longer applies.");
    return;
  }
  const reason = `Free tier: unpublished apps stop ${duration(freeStopDelayMs())} after their last deploy.`;
  logbook.info(`${reason} Deploy the app to start it again, or publish it (paid plan) to keep it running.`);
  await ctx.stage("stop", async () => {
    const live = runtime.live(app.id, "app");
    logbook.info(`Stopping ${live.length} instance${live.length === 1 ? "" : "s"}.`);
    if (!app.currentReleaseId) return runtime.switchTo(app.id, [], live);
    const rollout = actionRollout(ctx, app, await loadRelease(db, app.currentReleaseId), withinStage);
    await rollOut(rollout, { start: 0, retire: live });
    if (runtime.live(app.id, "worker").length > 0) await replaceWorkers(rollout, 0);
  });
  await markFreeStopped({ appId: app.id, reason });
  logbook.info("The app is stopped.");
}
