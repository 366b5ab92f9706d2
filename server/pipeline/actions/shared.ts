import path from "node:path";
import type { LiveInstance, PlatformRuntime } from "@/server/runtime/platform-runtime";
import type { AppContext, ReleaseRecord } from "../app-context";
import type { ActionContext } from "../context";
import { projectRoot, startReleaseInstances } from "../release-instances";
import { StepFailure } from "../step-failure";
import { checkInstances } from "../steps/check-instances";

/**
 * Points the app's hosts at the release: its files for a static app, its instances otherwise.
 * Resolves once the router serves the new route.
 */
export function exposeApp(
  runtime: PlatformRuntime,
  app: AppContext,
  release: ReleaseRecord,
  hosts: string[],
): Promise<void> {
  const root = projectRoot(release);
  const mediaDir = runtime.paths(app.id).mediaDir;
  return runtime.expose(
    app.id,
    app.variant === "static"
      ? { hosts, mediaDir, staticRoot: root }
      : { hosts, mediaDir, staticDir: path.join(root, "static") },
  );
}

/**
 * Workers consume queues: two copies must never run at once, so the old ones stop before the
 * new ones start (a short gap, never a double consumer).
 */
export async function replaceWorkers(
  ctx: ActionContext,
  app: AppContext,
  release: ReleaseRecord,
  count: number,
) {
  const old = ctx.runtime.live(app.id, "worker");
  if (old.length) ctx.logbook.info(`Stopping ${old.length} worker instance${old.length === 1 ? "" : "s"}.`);
  await Promise.all(old.map((instance) => ctx.runtime.stopInstance(instance, { drainMs: 0 })));
  if (release.config.workerProcesses.length === 0) {
    if (count > 0)
      ctx.logbook.warning(
        "The app has a worker service but thirty.ini has no [worker:processes]: no worker started.",
      );
    return;
  }
  if (count === 0) return;
  ctx.logbook.info(`Starting ${count} worker instance${count === 1 ? "" : "s"}.`);
  const started = await startReleaseInstances(ctx.runtime, app, release, "worker", count);
  ctx.runtime.cron.load(app.id, started);
}

export async function requireCurrentRelease(ctx: ActionContext, app: AppContext): Promise<string> {
  if (!app.currentReleaseId) throw new StepFailure("The app has not been deployed yet: deploy it first.");
  return app.currentReleaseId;
}

/**
 * The `start` and `check` stages of a release's new app instances, beside the running ones;
 * the caller stops `fresh` if anything after fails before its switch.
 */
export async function startCheckedInstances(
  ctx: ActionContext,
  app: AppContext,
  release: ReleaseRecord,
  host: string,
  fresh: LiveInstance[],
): Promise<void> {
  const { runtime, logbook, signal } = ctx;
  fresh.push(
    ...(await ctx.stage("start", async () => {
      logbook.info(
        `Starting ${app.instances} instance${app.instances === 1 ? "" : "s"} of release ${release.number}.`,
      );
      return startReleaseInstances(runtime, app, release, "app", app.instances);
    })),
  );
  await ctx.stage("check", () =>
    checkInstances({ runtime, instances: fresh, host, report: logbook.info, signal }),
  );
}
