import type { PrismaClient } from "@/server/db/client";
import { retryWhileUnreachable } from "@/server/db/connection-errors";
import {
  actionLeaseMs,
  claimAction,
  endLeasedAction,
  keepLease,
  leaseOwnerFor,
} from "@/server/queue/action-lease";
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
import { POINT_OF_NO_RETURN_STAGES, STAGE_TITLES } from "./stage-titles";
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
 * Marks the action past its point of no return, unless a cancel was asked for first. One row
 * update decides the race with cancelAction (server/services/actions/logbook.ts): either the
 * cancel is recorded before this and wins, or it comes after and is refused.
 */
async function passPointOfNoReturn(db: PrismaClient, actionId: string): Promise<string | null> {
  const committed = await db.action.updateMany({
    where: { id: actionId, cancelRequestedBy: null },
    data: { committedAt: new Date() },
  });
  if (committed.count === 1) return null;
  const row = await db.action.findUnique({ where: { id: actionId }, select: { cancelRequestedBy: true } });
  return row?.cancelRequestedBy ?? "someone";
}

/**
 * Runs one queued action to its end: queued → running → finished | error. The logbook says
 * what each stage did and, on failure, which stage failed and why.
 */
export type RunActionOptions = {
  /** The platform stopping: running stages are stopped, the action ends error. */
  shutdownSignal?: AbortSignal;
  /** graphile-worker's id of the worker running it, so its lock can be freed if this process dies. */
  queueWorker?: string | null;
  /**
   * Called as each stage begins its work (past the point-of-no-return check): tests use it to
   * act at an exact stage, as a user clicking at that moment would.
   */
  duringStage?: (name: string) => Promise<void>;
};

export async function runAction(
  db: PrismaClient,
  runtime: PlatformRuntime,
  actionId: string,
  options: RunActionOptions = {},
): Promise<void> {
  const { shutdownSignal, queueWorker = null } = options;
  const leaseOwner = leaseOwnerFor(runtime.runtimeId);
  const queued = await db.action.findUnique({ where: { id: actionId }, select: { appId: true } });
  if (queued && queued.appId === null) {
    // The app was deleted after this was queued: there is nothing left to act on.
    await db.action.updateMany({
      where: { id: actionId, status: "queued" },
      data: { status: "error", finishedAt: new Date() },
    });
    return;
  }
  // The status change is published live by the database (the Action_status_notify trigger).
  if (!(await claimAction(db, actionId, { leaseOwner, queueWorker }))) return; // cancelled while queued, or taken
  const found = await db.action.findUniqueOrThrow({ where: { id: actionId } });
  const appId = found.appId ?? "";
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
  const controller = new AbortController();
  const onShutdown = () => controller.abort(new StepFailure("The platform is shutting down."));
  shutdownSignal?.addEventListener("abort", onShutdown, { once: true });
  let stopWatching = watchForCancel(db, actionId, controller);
  let leaseLost = false;
  const stopLease = keepLease(db, actionId, leaseOwner, () => {
    leaseLost = true;
    controller.abort(
      new StepFailure(
        "This worker could not renew its lease on the action in time, so another platform process ended it. Run it again.",
      ),
    );
  });
  let committed = false;
  const pointOfNoReturn = async () => {
    if (committed) return;
    if (controller.signal.aborted) throw controller.signal.reason;
    const cancelledBy = await passPointOfNoReturn(db, actionId);
    if (cancelledBy) throw new ActionCancelled(cancelledBy);
    committed = true;
    // From here on cancels are refused, so none can stop the stages after this one.
    stopWatching();
    stopWatching = () => undefined;
  };
  const started = Date.now();
  let failedStage: string | null = null;
  const ctx: ActionContext = {
    db,
    runtime,
    action,
    logbook,
    signal: controller.signal,
    pointOfNoReturn,
    stage: async (name, run) => {
      const title = STAGE_TITLES[name] ?? name;
      logbook.step = name;
      logbook.info(`==> ${title}`);
      const since = Date.now();
      try {
        if (controller.signal.aborted) throw controller.signal.reason;
        if (POINT_OF_NO_RETURN_STAGES.has(name)) await pointOfNoReturn();
        await options.duringStage?.(name);
        // A cancel that arrives while this runs is seen by the next stage, or by the point of
        // no return: what this stage returns (instances it started) reaches the caller, which
        // stops it again.
        const result = await run();
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
    stopLease();
    // Not when the lease was lost: whoever took it has ended the action already.
    if (!leaseLost)
      await retryWhileUnreachable(() => endLeasedAction(db, actionId, leaseOwner, status), {
        giveUpAfterMs: actionLeaseMs(),
      });
  }
}
