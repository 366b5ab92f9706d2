import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { LiveInstance } from "@/server/runtime/platform-runtime";
import { provisionPendingDatabase } from "../steps/provision-database";
import { loadAppContext, loadRelease, type AppContext, type ReleaseRecord } from "../app-context";
import type { ActionContext } from "../context";
import { appHosts } from "../release-instances";
import { StepFailure } from "../step-failure";
import { buildVirtualenv } from "../steps/build-virtualenv";
import { fetchRepository, type FetchedCommit } from "../steps/fetch-repository";
import { pruneReleases } from "../steps/prune-releases";
import { runPostinstallHooks } from "../steps/run-hooks";
import { loadThirtyIni, ThirtyIniError } from "../thirty-ini";
import { scheduleFreeStop } from "@/server/services/billing/schedule-free-stop";
import { exposeApp, replaceWorkers, startCheckedInstances } from "./shared";

async function nextReleaseNumber(ctx: ActionContext): Promise<number> {
  const last = await ctx.db.release.findFirst({
    where: { appId: ctx.action.appId },
    orderBy: { number: "desc" },
  });
  return (last?.number ?? 0) + 1;
}

/** Fetch → configure → build: an immutable release directory and its Release row. */
async function buildRelease(
  ctx: ActionContext,
  app: AppContext,
  previous: ReleaseRecord | null,
  clean: boolean,
): Promise<ReleaseRecord> {
  const { db, runtime, logbook, signal } = ctx;
  const repository = app.repository;
  if (!repository) throw new StepFailure("The app has no repository: add one in its settings, then deploy.");
  for (const secret of app.secrets) logbook.addSecret(secret);
  const paths = runtime.paths(app.id);
  const commit = await ctx.stage("fetch", () =>
    fetchRepository({
      runtime,
      appId: app.id,
      cacheDir: paths.repositoryCache,
      source: repository,
      ref: app.repoCommit,
      logbook,
      signal,
    }),
  );
  logbook.info(`Deploying ${commit.sha.slice(0, 12)}: ${commit.message || "(no message)"}`);
  await db.action.update({
    where: { id: ctx.action.id },
    data: { commitSha: commit.sha, commitMessage: commit.message },
  });
  const number = await nextReleaseNumber(ctx);
  const directory = path.join(paths.releasesDir, String(number));
  try {
    return await buildReleaseDirectory(ctx, app, { commit, number, directory, previous, clean });
  } catch (error) {
    await commit.done();
    await rm(directory, { recursive: true, force: true });
    const ownVirtualenv = path.join(paths.virtualenvsDir, `release-${number}`);
    if (previous?.virtualenv !== ownVirtualenv) await rm(ownVirtualenv, { recursive: true, force: true });
    throw error;
  }
}

async function buildReleaseDirectory(
  ctx: ActionContext,
  app: AppContext,
  input: {
    commit: FetchedCommit;
    number: number;
    directory: string;
    previous: ReleaseRecord | null;
    clean: boolean;
  },
): Promise<ReleaseRecord> {
  const { db, runtime, logbook, signal } = ctx;
  const { commit, number, directory, previous, clean } = input;
  const paths = runtime.paths(app.id);
  const checkoutDir = path.join(directory, "src");
  const config = await ctx.stage("configure", async () => {
    await rm(directory, { recursive: true, force: true });
    await commit.exportTo(checkoutDir);
    await commit.done();
    try {
      const loaded = await loadThirtyIni({ checkoutDir, variant: app.variant });
      for (const warning of loaded.warnings) logbook.warning(`thirty.ini ${warning}`);
      return loaded.config;
    } catch (error) {
      if (error instanceof ThirtyIniError)
        throw new StepFailure(`${error.message}. Fix thirty.ini and deploy again.`);
      throw error;
    }
  });
  const built =
    app.variant === "static"
      ? null
      : await ctx.stage("build", () =>
          buildVirtualenv({
            runtime,
            appId: app.id,
            checkoutDir,
            pythonVersion: config.pythonVersion,
            requirementsFile: config.requirements ? path.join(checkoutDir, config.requirements) : null,
            virtualenvsDir: paths.virtualenvsDir,
            releaseNumber: number,
            previous,
            clean,
            logbook,
            signal,
          }),
        );
  const row = await db.release.create({
    data: {
      appId: app.id,
      number,
      commitSha: commit.sha,
      commitMessage: commit.message,
      directory,
      config,
      virtualenv: built?.virtualenv ?? null,
      requirementsHash: built?.requirementsHash ?? null,
    },
  });
  await mkdir(paths.mediaDir, { recursive: true });
  return loadRelease(db, row.id);
}

/** Removes a release that never went live: its directory, its own virtualenv, its row. */
async function discardRelease(ctx: ActionContext, release: ReleaseRecord, previous: ReleaseRecord | null) {
  await rm(release.directory, { recursive: true, force: true });
  if (release.virtualenv && release.virtualenv !== previous?.virtualenv)
    await rm(release.virtualenv, { recursive: true, force: true });
  await ctx.db.release.deleteMany({ where: { id: release.id } });
}

/**
 * The deploy: build a release, start new instances beside the old ones, check them, run the
 * postinstall hooks, switch the router, then retire the old instances. Anything failing before
 * the switch stops only what this deploy started; the running release keeps serving.
 */
export async function deployAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook, signal } = ctx;
  await provisionPendingDatabase(ctx);
  const app = await loadAppContext(db, ctx.action.appId);
  const clean = ctx.action.options.clean === true;
  const previous = app.currentReleaseId ? await loadRelease(db, app.currentReleaseId) : null;
  const release = await buildRelease(ctx, app, previous, clean);
  const hosts = appHosts(runtime, app);
  const fresh: LiveInstance[] = [];
  try {
    if (app.variant === "python") {
      await startCheckedInstances(ctx, app, release, hosts[0] ?? "", fresh);
      await ctx.stage("postinstall", () =>
        runPostinstallHooks({
          runtime,
          checkoutDir: path.join(release.directory, "src"),
          instances: fresh,
          logbook,
          signal,
        }),
      );
    }
    // Inside the try: a cancel that came first stops the new instances and discards the release.
    await ctx.pointOfNoReturn();
  } catch (error) {
    logbook.info("Stopping the new instances; the running release keeps serving.");
    await Promise.all(fresh.map((instance) => runtime.stopInstance(instance, { drainMs: 0 })));
    await discardRelease(ctx, release, previous);
    throw error;
  }
  await ctx.stage("switch", async () => {
    const old = runtime.live(app.id, "app").filter((i) => !fresh.includes(i));
    // Not awaited: the switch below waits for the router, so both changes take one reload.
    void exposeApp(runtime, app, release, hosts);
    await db.app.update({ where: { id: app.id }, data: { currentReleaseId: release.id } });
    await runtime.switchTo(app.id, fresh, old);
    runtime.cron.load(app.id, fresh);
    logbook.info(
      `Release ${release.number} is live at ${runtime.appUrl(hosts[0] ?? "")}${old.length ? `; ${old.length} old instance${old.length === 1 ? "" : "s"} stopped` : ""}.`,
    );
  });
  if (app.workerInstances !== null) {
    await ctx.stage("workers", () => replaceWorkers(ctx, app, release, app.workerInstances ?? 0));
  }
  const stopAt = await scheduleFreeStop({ appId: app.id });
  if (stopAt) logbook.info(`Free tier: the app stops at ${stopAt.toISOString()} unless it is published.`);
  const pruned = await pruneReleases(db, app.id, release.id);
  if (pruned) logbook.debug(`Removed ${pruned} old release${pruned === 1 ? "" : "s"}.`);
}
