import type { PrismaClient } from "@/server/db/client";
import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { backupAction } from "./actions/backup";
import { deleteAppAction } from "./actions/delete-app";
import { deployAction } from "./actions/deploy";
import { freeStopAction } from "./actions/free-stop";
import { publishAction } from "./actions/publish";
import { unpublishAction } from "./actions/unpublish";
import { restoreAction } from "./actions/restore";
import { runCommandAction } from "./actions/run-command";
import { rollbackAction } from "./actions/rollback";
import { restartAction, scaleAction } from "./actions/scale-restart";
import type { ActionContext, ActionRecord } from "./context";
import { LogbookWriter } from "./logbook-writer";
import { STAGE_TITLES } from "./stage-titles";
import { ActionCancelled, StepFailure } from "./step-failure";

const HANDLERS: Record<string, (ctx: ActionContext) => Promise<void>> = {
  deploy: deployAction,
  scale: scaleAction,
  restart: restartAction,
  runcommand: runCommandAction,
  djangocommand: runCommandAction,
  publish: publishAction,
  freestop: freeStopAction,
  unpublish: unpublishAction,
  rollback: rollbackAction,
  backup: backupAction,
  restore: restoreAction,
  delete: deleteAppAction,
};

const COMMITTING_STAGES = new Set([
  "switch",
  "workers",
  "scale",
  "restart",
  "stop",
  "publish",
  "route",
  "remove",
]);

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Watches for a cancel request, which may come from another platform process. */
function watchForCancel(db: PrismaClient, actionId: string, controller: AbortController): () => void {
  const timer = setInterval(() => {
    void db.action
      .findUnique({ where: { id: actionId }, select: { cancelRequestedBy: true } })
      .then((row) => {
        if (row?.cancelRequestedBy && !controller.signal.aborted)
          controller.abort(new ActionCancelled(row.cancelRequestedBy));
      })
      .catch(() => undefined);
  }, 300);
  return () => clearInterval(timer);
}

/**
 * Runs one queued action to its end: queued → running → finished | error. The logbook says
 * what each stage did and, on failure, which stage failed and why.
 */
export async function runAction(
  db: PrismaClient,
  runtime: PlatformRuntime,
  actionId: string,
  shutdownSignal?: AbortSignal,
): Promise<void> {
  const claimed = await db.action.updateMany({
    where: { id: actionId, status: "queued" },
    data: { status: "running", startedAt: new Date() },
  });
  if (claimed.count === 0) return; // cancelled while queued, or already handled
  const found = await db.action.findUniqueOrThrow({ where: { id: actionId } });
  const appId = found.appId;
  if (appId === null) {
    // The app was deleted after this was queued: there is nothing left to act on.
    await db.action.update({ where: { id: actionId }, data: { status: "error", finishedAt: new Date() } });
    return;
  }
  const row = { ...found, appId };
  const action: ActionRecord = {
    id: row.id,
    appId,
    appName: row.appName,
    kind: row.kind,
    target: row.target,
    options: (row.options ?? {}) as Record<string, unknown>,
    requestedBy: row.requestedBy,
  };
  const logbook = new LogbookWriter(db, actionId, 100, runtime.bus);
  runtime.bus?.publish({ kind: "action-status", actionId, appId: row.appId, status: "running" });
  const controller = new AbortController();
  const onShutdown = () => controller.abort(new StepFailure("The platform is shutting down."));
  shutdownSignal?.addEventListener("abort", onShutdown, { once: true });
  const stopWatching = watchForCancel(db, actionId, controller);
  const started = Date.now();
  let failedStage: string | null = null;
  const ctx: ActionContext = {
    db,
    runtime,
    action,
    logbook,
    signal: controller.signal,
    stage: async (name, run) => {
      const title = STAGE_TITLES[name] ?? name;
      logbook.step = name;
      logbook.info(`==> ${title}`);
      const since = Date.now();
      try {
        if (controller.signal.aborted) throw controller.signal.reason;
        const result = await run();
        // Once the switch has happened, a late cancel must not report the app as untouched.
        if (controller.signal.aborted && !COMMITTING_STAGES.has(name)) throw controller.signal.reason;
        logbook.info(`${title} done in ${seconds(since)}.`);
        return result;
      } catch (error) {
        failedStage ??= title;
        throw error;
      } finally {
        logbook.step = null;
      }
    },
  };
  let status: "finished" | "error" = "finished";
  try {
    logbook.info(`${row.kind} requested by ${row.requestedBy}.`);
    const handler = HANDLERS[row.kind];
    if (!handler) throw new StepFailure(`Unknown action ${row.kind}.`);
    await handler(ctx);
    logbook.info(`Finished in ${seconds(started)}.`);
  } catch (caught) {
    status = "error";
    const error = controller.signal.aborted ? (controller.signal.reason as unknown) : caught;
    const where = failedStage ? `${failedStage} failed: ` : "";
    if (error instanceof ActionCancelled)
      logbook.error(`Cancelled by ${error.by}. The running app is untouched.`);
    else if (error instanceof StepFailure) logbook.error(`${where}${error.message}`);
    else {
      console.error(`Action ${actionId} failed:`, caught);
      logbook.write(
        5,
        `${where}an internal error stopped the action. The running app is untouched; try again.`,
      );
    }
  } finally {
    stopWatching();
    shutdownSignal?.removeEventListener("abort", onShutdown);
    await logbook.flush();
    await db.action.update({ where: { id: actionId }, data: { status, finishedAt: new Date() } });
    runtime.bus?.publish({ kind: "action-status", actionId, appId: row.appId, status });
  }
}

/** At start-up: actions a previous platform process was running cannot finish any more. */
export async function failInterruptedActions(db: PrismaClient): Promise<number> {
  const interrupted = await db.action.findMany({ where: { status: "running" }, select: { id: true } });
  for (const { id } of interrupted) {
    await db.logbookMessage.create({
      data: {
        actionId: id,
        level: 3,
        message: "The platform restarted while this action was running, so it was stopped. Run it again.",
      },
    });
    await db.action.update({ where: { id }, data: { status: "error", finishedAt: new Date() } });
  }
  return interrupted.length;
}
