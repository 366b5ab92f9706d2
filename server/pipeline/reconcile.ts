import path from "node:path";
import type { PrismaClient } from "@/server/db/client";
import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { loadAppContext, loadRelease } from "./app-context";
import { rollOut, withinStage } from "./rollout";

/**
 * At start-up the database says what should run (each app's current release and instance
 * counts); this starts it again. Apps come up in the background, each routed once healthy.
 */
export async function reconcileApps(db: PrismaClient, runtime: PlatformRuntime): Promise<Promise<void>[]> {
  // Rows this runtime wrote before it restarted describe processes that should no longer
  // exist; if it crashed, its instance processes may still run and are stopped first. Rows of
  // other runtimes (other machines or data dirs on the same database) are theirs to handle;
  // rows without a runtime predate runtime ids.
  await db.instance.deleteMany({ where: { OR: [{ runtimeId: runtime.runtimeId }, { runtimeId: null }] } });
  const all = await db.app.findMany({ select: { id: true } });
  const orphans = await runtime.removeOrphans(all.map(({ id }) => id));
  if (orphans) console.log(`Stopped ${orphans} instance process group(s) left by a crashed platform.`);
  // Apps the free tier stopped stay stopped until their next deploy.
  const apps = await db.app.findMany({
    where: { currentReleaseId: { not: null }, stoppedAt: null },
    select: { id: true },
  });
  return apps.map(async ({ id }) => {
    try {
      const app = await loadAppContext(db, id);
      if (!app.currentReleaseId) return;
      const release = await loadRelease(db, app.currentReleaseId);
      // Only releases of this data dir: root binds them into sandboxes, and a database shared
      // with another data dir (test runs) must not make this runtime start that one's apps.
      if (!release.directory.startsWith(`${runtime.paths(app.id).releasesDir}${path.sep}`)) {
        console.error(`App ${app.name}: its release is not in this platform's data dir; not started.`);
        return;
      }
      // Nothing else serves the app now: its instances are routed even if their check fails.
      await rollOut(
        { runtime, app, release, stage: withinStage, signal: new AbortController().signal },
        {
          start: app.instances,
          retire: [],
          routeUnhealthy: true,
          workers: app.workerInstances ?? undefined,
        },
      );
    } catch (error) {
      console.error(`Restarting the instances of app ${id} failed:`, error);
    }
  });
}
