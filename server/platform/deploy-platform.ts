import path from "node:path";
import { getDb } from "@/server/db/client";
import { reconcileApps } from "@/server/pipeline/reconcile";
import { runAction } from "@/server/pipeline/run-action";
import { runConnectionTest } from "@/server/pipeline/test-connection";
import { leaseOwnerFor } from "@/server/queue/action-lease";
import { releaseActionQueue, startActionWorker } from "@/server/queue/action-queue";
import { startLeaseReaper } from "@/server/queue/lease-reaper";
import { startNginxRouter } from "@/server/router/nginx/nginx-router";
import { billingTasks } from "@/server/services/billing/billing-tasks";
import { TEST_CONNECTION_TASK } from "@/server/services/repositories/connection-test-schemas";
import { closeInterruptedUsage } from "@/server/services/billing/close-interrupted-usage";
import { meterRuntime } from "@/server/services/billing/meter-runtime";
import { PgLiveBus } from "@/server/live/pg-live-bus";
import { watchAppRows } from "@/server/runtime/app-rows-watch";
import { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { startPostgresAppLogs } from "@/server/services/databases/postgres-app-logs";
import { databaseUploadTasks } from "@/server/services/databases/uploads/upload-tasks";
import type { RunningService, ServiceContext } from "./in-process-services";

export type DeployPlatform = RunningService & { runtime: PlatformRuntime; routerPort: number };

/**
 * The part of the platform that runs apps: the runtime (instances), the router in front of
 * them, and the worker that takes actions from the queue. Instances a crashed process left
 * running are taken over, those missing started; actions a previous process was running are
 * marked failed.
 */
export async function startDeployPlatform(
  context: ServiceContext,
  options: { routerHost?: string; actionConcurrency?: number } = {},
): Promise<DeployPlatform> {
  const db = getDb();
  const bus = new PgLiveBus(context.databaseUrl);
  const runtime = new PlatformRuntime({
    bus,
    db,
    dataDir: context.config.dataDir,
    platformDomain: context.config.platformDomain,
    routerPort: context.config.routerPort,
  });
  meterRuntime(runtime);
  const router = await startNginxRouter({
    port: context.config.routerPort,
    host: options.routerHost,
    prefix: path.join(context.config.dataDir, "router"),
    table: runtime.table,
    onAccessLog: (entry) => runtime.recordAccess(entry),
    // An nginx a crashed runtime left serves on until the instances it took over are routed.
    hold: true,
  });
  runtime.attachRouter(router);
  // The apps' PostgreSQL lines about their own databases, as program postgres. An operator's
  // server (THIRTY_PG_ADMIN_URL) keeps its log to itself: there is no file here to follow.
  const postgresLogs = context.appsPostgresLogDir
    ? await startPostgresAppLogs({ directory: context.appsPostgresLogDir, db, sink: runtime.logs })
    : null;
  // Actions this runtime's previous process was running end now; other processes' only when
  // their leases expire — the reaper keeps looking for as long as this process runs.
  const reaper = startLeaseReaper({
    db,
    runtimeId: runtime.runtimeId,
    leaseOwner: leaseOwnerFor(runtime.runtimeId),
  });
  const interrupted = await reaper.firstPass;
  if (interrupted) console.log(`${interrupted} action(s) whose worker was gone were marked error.`);
  let reconciling: Promise<void>[];
  try {
    reconciling = await reconcileApps(db, runtime, {
      recovered: async (keep) => {
        await closeInterruptedUsage(db, { runtimeId: runtime.runtimeId, keep });
      },
    });
  } finally {
    runtime.releaseRouter();
  }
  const shutdown = new AbortController();
  const worker = await startActionWorker({
    connectionString: context.databaseUrl,
    concurrency: options.actionConcurrency ?? 4,
    runAction: (actionId, _signal, queueWorker) =>
      runAction(db, runtime, actionId, { shutdownSignal: shutdown.signal, queueWorker }),
    tasks: {
      ...billingTasks,
      ...databaseUploadTasks,
      [TEST_CONNECTION_TASK]: (payload) =>
        runConnectionTest(db, runtime, String(payload.testId ?? ""), shutdown.signal),
    },
  });
  const stopWatching = watchAppRows(db, runtime);
  // In the background: start-up waits for nothing it does not need.
  void runtime
    .removeStaleUsers()
    .then((swept) => {
      if (swept?.removed.length)
        console.log(`Removed ${swept.removed.length} app user(s) nothing uses any more.`);
    })
    .catch((error: unknown) => console.error("Removing stale app users failed:", error));
  console.log(`Router listening on port ${router.port}; ${reconciling.length} app(s) starting.`);
  return {
    name: "deploys",
    runtime,
    routerPort: router.port,
    stop: async () => {
      shutdown.abort();
      reaper.stop();
      stopWatching();
      await worker.stop();
      await Promise.allSettled(reconciling);
      await router.close();
      await postgresLogs?.close();
      await runtime.shutdown();
      await bus.close();
      // Deploys schedule free-tier stops through the queue's shared connection: closed last,
      // before PostgreSQL stops, so no idle client is left to fail.
      await releaseActionQueue();
    },
  };
}
