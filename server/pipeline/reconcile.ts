import path from "node:path";
import type { PrismaClient } from "@/server/db/client";
import type { LiveInstance, PlatformRuntime } from "@/server/runtime/platform-runtime";
import { loadAppContext, loadRelease, type AppContext, type ReleaseRecord } from "./app-context";
import { exposeApp } from "./expose-app";
import { appHosts } from "./release-instances";
import { rollOut, withinStage } from "./rollout";

/** How long a taken-over instance gets to answer before it is replaced instead. */
const RECOVERED_CHECK_MS = 3000;

type Recovered = { app: LiveInstance[]; workers: LiveInstance[] };

/**
 * At start-up the database says what should run (each app's current release and instance
 * counts); this makes it so. Instances a crashed process of this runtime left running are
 * taken over where they run the current release and answer, so the apps never stop serving;
 * the router applies its table only once every such app is in it. Whatever else is missing
 * starts in the background, each app routed once healthy.
 */
export async function reconcileApps(
  db: PrismaClient,
  runtime: PlatformRuntime,
  options: {
    /**
     * Once it is known which instances were taken over, before the rows of the others go
     * (billing closes their usage at the last moment they were seen).
     */
    recovered?: (instanceIds: string[]) => Promise<void>;
  } = {},
): Promise<Promise<void>[]> {
  const all = await db.app.findMany({ select: { id: true } });
  const { recovered, stopped } = await runtime.recoverInstances(all.map(({ id }) => id));
  if (stopped) console.log(`Stopped ${stopped} process group(s) left by a crashed platform process.`);
  await options.recovered?.(recovered.map((instance) => instance.id));
  // Rows of other runtimes (other machines or data dirs on the same database) are theirs to
  // handle; rows without a runtime predate runtime ids. Ours describe processes that are gone,
  // except those of the instances just taken over.
  const ours = { OR: [{ runtimeId: runtime.runtimeId }, { runtimeId: null }] };
  const rows = await db.instance.findMany({ where: ours, select: { id: true } });
  const rowIds = new Set(rows.map((row) => row.id));
  await db.instance.deleteMany({ where: { ...ours, id: { notIn: recovered.map((i) => i.id) } } });
  // Apps the free tier stopped stay stopped until their next deploy.
  const apps = await db.app.findMany({
    where: { currentReleaseId: { not: null }, stoppedAt: null },
    select: { id: true },
  });
  const kept = new Set<LiveInstance>();
  const plans = await Promise.all(
    apps.map(async ({ id }) => {
      try {
        const candidates = recovered.filter((i) => i.appId === id && rowIds.has(i.id));
        const plan = await planApp(db, runtime, id, candidates);
        for (const instance of [...(plan?.kept.app ?? []), ...(plan?.kept.workers ?? [])]) kept.add(instance);
        return plan;
      } catch (error) {
        console.error(`Restarting the instances of app ${id} failed:`, error);
        return null;
      }
    }),
  );
  runtime.releaseRouter();
  // Taken over but not wanted (another release, a deleted or stopped app, surplus): the
  // router no longer sends them anything.
  const unwanted = recovered.filter((instance) => !kept.has(instance));
  await Promise.all(unwanted.map((instance) => runtime.stopInstance(instance)));
  return plans.flatMap((plan) => (plan ? [startMissing(runtime, plan)] : []));
}

type AppPlan = { app: AppContext; release: ReleaseRecord; kept: Recovered };

/**
 * Which of the app's recovered instances it keeps (its current release, answering, up to its
 * instance counts), routed now; null when nothing of the app can run from this data dir.
 */
async function planApp(
  db: PrismaClient,
  runtime: PlatformRuntime,
  appId: string,
  candidates: LiveInstance[],
): Promise<AppPlan | null> {
  const app = await loadAppContext(db, appId);
  if (!app.currentReleaseId) return null;
  const release = await loadRelease(db, app.currentReleaseId);
  // Only releases of this data dir: root binds them into sandboxes, and a database shared
  // with another data dir (test runs) must not make this runtime start that one's apps.
  if (!release.directory.startsWith(`${runtime.paths(app.id).releasesDir}${path.sep}`)) {
    console.error(`App ${app.name}: its release is not in this platform's data dir; not started.`);
    return null;
  }
  const current = candidates.filter((i) => i.releaseId === release.id).sort((a, b) => a.number - b.number);
  const host = appHosts(runtime, app)[0] ?? "";
  const answering = await Promise.all(
    current
      .filter((i) => i.kind === "app")
      .map(async (i) =>
        (await runtime.checkInstance(i, { host, timeoutMs: RECOVERED_CHECK_MS })) ? [i] : [],
      ),
  );
  const kept: Recovered = {
    app: app.variant === "python" ? answering.flat().slice(0, app.instances) : [],
    workers: current.filter((i) => i.kind === "worker").slice(0, app.workerInstances ?? 0),
  };
  if (kept.app.length || kept.workers.length)
    console.log(
      `App ${app.name}: took over ${kept.app.length + kept.workers.length} instance(s) that kept running.`,
    );
  // Resolves once the router applied the table, after the release below: not awaited here.
  if (kept.app.length || app.variant === "static")
    void exposeApp(runtime, app, release, appHosts(runtime, app));
  runtime.routeRecovered(app.id, kept.app);
  return { app, release, kept };
}

/** Starts what the app misses beside what was kept; nothing when it was all taken over. */
async function startMissing(runtime: PlatformRuntime, plan: AppPlan): Promise<void> {
  const { app, release, kept } = plan;
  try {
    if (app.variant === "static") return;
    const missing = Math.max(0, app.instances - kept.app.length);
    const workersComplete = kept.workers.length >= (app.workerInstances ?? 0);
    // The crashed process's schedules went with it: the kept instances' start again here.
    if (kept.app.length) runtime.cron.load(app.id, kept.app);
    if (missing === 0 && workersComplete) return;
    // Nothing else serves the app now: its instances are routed even if their check fails.
    await rollOut(
      { runtime, app, release, stage: withinStage, signal: new AbortController().signal },
      {
        start: missing,
        firstNumber: Math.max(0, ...kept.app.map((i) => i.number)) + 1,
        retire: [],
        routeUnhealthy: true,
        workers: workersComplete ? undefined : (app.workerInstances ?? undefined),
      },
    );
  } catch (error) {
    console.error(`Restarting the instances of app ${app.name} failed:`, error);
  }
}
