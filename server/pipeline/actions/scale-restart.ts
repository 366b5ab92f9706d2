import { loadAppContext, loadRelease } from "../app-context";
import type { ActionContext } from "../context";
import { replaceWorkers, rollOut } from "../rollout";
import { StepFailure } from "../step-failure";
import { actionRollout, requireCurrentRelease, withinStage } from "./shared";

function instances(count: number): string {
  return `${count} instance${count === 1 ? "" : "s"}`;
}

/** Scale: start or stop instances of the running release to reach the count, then keep it. */
export async function scaleAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook, action } = ctx;
  const target = Number(action.options.instances);
  const app = await loadAppContext(db, action.appId);
  const persist = () =>
    action.target === "worker"
      ? db.worker.update({ where: { appId: app.id }, data: { instances: target } })
      : db.app.update({ where: { id: app.id }, data: { instances: target } });
  if (!app.currentReleaseId || app.variant === "static") {
    await persist();
    logbook.info(`The app will run ${instances(target)} from its next deploy.`);
    return;
  }
  const release = await loadRelease(db, app.currentReleaseId);
  const rollout = actionRollout(ctx, app, release, withinStage);
  if (action.target === "worker") {
    await ctx.stage("scale", () => replaceWorkers(rollout, target));
    await persist();
    return;
  }
  const live = runtime.live(app.id, "app");
  await ctx.stage("scale", async () => {
    if (target > live.length) {
      await rollOut(rollout, {
        start: target - live.length,
        firstNumber: Math.max(0, ...live.map((i) => i.number)) + 1,
        retire: [],
      });
    } else if (target < live.length) {
      const extra = live.slice(target);
      logbook.info(
        target === 0 ? "Pausing the app: stopping every instance." : `Stopping ${instances(extra.length)}.`,
      );
      await rollOut(rollout, { start: 0, retire: extra });
    } else {
      logbook.info(`Already running ${instances(target)}.`);
    }
  });
  await persist();
  logbook.info(`Scaled to ${instances(target)}.`);
}

/** Restart: a rolling replacement of every instance by a fresh one of the same release. */
export async function restartAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook, action } = ctx;
  const app = await loadAppContext(db, action.appId);
  const release = await loadRelease(db, await requireCurrentRelease(ctx, app));
  const rollout = actionRollout(ctx, app, release, withinStage);
  if (action.target === "worker") {
    await ctx.stage("restart", () => replaceWorkers(rollout, app.workerInstances ?? 0));
    return;
  }
  const old = runtime.live(app.id, "app");
  if (old.length === 0) throw new StepFailure("The app is paused (0 instances): scale it up instead.");
  await ctx.stage("restart", async () => {
    const fresh = await rollOut(rollout, { start: old.length, retire: old });
    logbook.info(`Restarted ${instances(fresh.length)}.`);
  });
}
