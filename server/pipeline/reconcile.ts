import { rm } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/server/db/client";
import { killOrphanedInstances, recordedInstanceIds } from "@/server/runtime/local/orphans";
import { removeLeftoverCgroups } from "@/server/runtime/sandbox/cgroup";
import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { exposeApp } from "./actions/shared";
import { loadAppContext, loadRelease } from "./app-context";
import { appHosts, startReleaseInstances } from "./release-instances";
import { checkInstances } from "./steps/check-instances";

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
  const pidsDirs = all.map(({ id }) => runtime.paths(id).pidsDir);
  const recorded = recordedInstanceIds(pidsDirs);
  const orphans = killOrphanedInstances(pidsDirs);
  if (orphans) console.log(`Stopped ${orphans} instance process group(s) left by a crashed platform.`);
  if (runtime.sandboxed) await removeLeftoverCgroups(recorded);
  await Promise.all(
    all.flatMap(({ id }) =>
      [runtime.paths(id).instancesDir, runtime.paths(id).pidsDir].map((dir) =>
        rm(dir, { recursive: true, force: true }),
      ),
    ),
  );
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
      const hosts = appHosts(runtime, app);
      // Not awaited: the instances' switch below waits for the router.
      void exposeApp(runtime, app, release, hosts);
      if (app.variant === "static") return;
      const fresh = await startReleaseInstances(runtime, app, release, "app", app.instances);
      if (app.workerInstances && release.config.workerProcesses.length)
        runtime.cron.load(
          app.id,
          await startReleaseInstances(runtime, app, release, "worker", app.workerInstances),
        );
      await checkInstances({
        runtime,
        instances: fresh,
        host: hosts[0] ?? "",
        signal: new AbortController().signal,
      }).catch((error: unknown) => console.error(`App ${app.name} did not come back healthy:`, error));
      await runtime.switchTo(app.id, fresh, []);
      runtime.cron.load(app.id, fresh);
    } catch (error) {
      console.error(`Restarting the instances of app ${id} failed:`, error);
    }
  });
}
