import type { LiveInstance } from "@/server/runtime/platform-runtime";
import { loadAppContext, loadRelease, type AppContext } from "../app-context";
import type { ActionContext } from "../context";
import { appHosts, startReleaseInstances } from "../release-instances";
import { StepFailure } from "../step-failure";
import { checkInstances } from "../steps/check-instances";
import { exposeApp, replaceWorkers, requireCurrentRelease } from "./shared";

/** Health-checks new instances; if one fails, all of them stop and the running ones stay. */
async function checkOrStop(ctx: ActionContext, app: AppContext, fresh: LiveInstance[]): Promise<void> {
  try {
    await checkInstances({
      runtime: ctx.runtime,
      instances: fresh,
      host: appHosts(ctx.runtime, app)[0] ?? "",
      report: ctx.logbook.info,
      signal: ctx.signal,
    });
  } catch (error) {
    await Promise.all(fresh.map((i) => ctx.runtime.stopInstance(i, { drainMs: 0 })));
    throw error;
  }
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
    logbook.info(`The app will run ${target} instance${target === 1 ? "" : "s"} from its next deploy.`);
    return;
  }
  const release = await loadRelease(db, app.currentReleaseId);
  if (action.target === "worker") {
    await ctx.stage("scale", () => replaceWorkers(ctx, app, release, target));
    await persist();
    return;
  }
  const live = runtime.live(app.id, "app");
  await ctx.stage("scale", async () => {
    if (target > live.length) {
      const firstNumber = Math.max(0, ...live.map((i) => i.number)) + 1;
      logbook.info(`Starting ${target - live.length} more instance${target - live.length === 1 ? "" : "s"}.`);
      const fresh = await startReleaseInstances(
        runtime,
        app,
        release,
        "app",
        target - live.length,
        firstNumber,
      );
      await checkOrStop(ctx, app, fresh);
      await exposeApp(runtime, app, release, appHosts(runtime, app));
      await runtime.switchTo(app.id, fresh, []);
      runtime.cron.load(app.id, fresh);
    } else if (target < live.length) {
      const extra = live.slice(target);
      logbook.info(
        target === 0
          ? "Pausing the app: stopping every instance."
          : `Stopping ${extra.length} instance${extra.length === 1 ? "" : "s"}.`,
      );
      await runtime.switchTo(app.id, [], extra);
    } else {
      logbook.info(`Already running ${target} instance${target === 1 ? "" : "s"}.`);
    }
  });
  await persist();
  logbook.info(`Scaled to ${target} instance${target === 1 ? "" : "s"}.`);
}

/** Restart: a rolling replacement of every instance by a fresh one of the same release. */
export async function restartAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook, action } = ctx;
  const app = await loadAppContext(db, action.appId);
  const release = await loadRelease(db, await requireCurrentRelease(ctx, app));
  if (action.target === "worker") {
    await ctx.stage("restart", () => replaceWorkers(ctx, app, release, app.workerInstances ?? 0));
    return;
  }
  const old = runtime.live(app.id, "app");
  if (old.length === 0) throw new StepFailure("The app is paused (0 instances): scale it up instead.");
  await ctx.stage("restart", async () => {
    const fresh = await startReleaseInstances(runtime, app, release, "app", old.length);
    await checkOrStop(ctx, app, fresh);
    await runtime.switchTo(app.id, fresh, old);
    runtime.cron.load(app.id, fresh);
    logbook.info(`Restarted ${fresh.length} instance${fresh.length === 1 ? "" : "s"}.`);
  });
}
