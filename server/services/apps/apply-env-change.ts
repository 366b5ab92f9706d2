import { getDb } from "@/server/db/client";
import { queueAction } from "@/server/services/actions/queue-action";
import { recordFinishedAction } from "@/server/services/actions/record-action";
import {
  listVariableChanges,
  NOT_RESTARTED,
  type NotRestartedReason,
  type VariablesTrigger,
} from "@/server/services/actions/triggers";
import type { Caller } from "@/server/services/caller";

export type EnvChangeOutcome = {
  /** The entry of the app's activity: the restart's logbook, or the record of the change. */
  logbookId: string;
  /** Set when a rolling restart was queued to give the instances the new values. */
  restartQueued: { id: string } | null;
  /** What happened, for the page that saved them. */
  note: string;
};

type AppForEnvChange = {
  id: string;
  accountId: string;
  name: string;
  variant: "python" | "static";
  currentReleaseId: string | null;
  instances: number;
  stoppedAt: Date | null;
};

function whyNothingRuns(
  app: AppForEnvChange,
  target: "app" | "worker",
  workerInstances: number,
): NotRestartedReason | null {
  if (app.variant !== "python") return "static";
  if (!app.currentReleaseId) return "not-deployed";
  if (app.stoppedAt) return "stopped";
  if (target === "app" && app.instances === 0) return "paused";
  if (target === "worker" && workerInstances === 0) return "worker-paused";
  return null;
}

/**
 * Variables reach instances only when they start: once they changed, a running app (or
 * worker) gets a rolling restart, as Heroku users expect, queued by the caller who changed
 * them and carrying the names that changed. When nothing runs, the change is still recorded
 * in the app's activity, with why nothing restarted. Called after the change is committed
 * (the restart's instances must read the new values). Names only: values never get here.
 */
export async function applyEnvChange(
  caller: Caller,
  input: {
    app: AppForEnvChange;
    target: "app" | "worker";
    change: VariablesTrigger;
    workerInstances?: number;
    /** Nothing is restarted, for this reason (a worker added with its variables). */
    notRunning?: NotRestartedReason;
  },
): Promise<EnvChangeOutcome> {
  const { app, target, change } = input;
  let reason = input.notRunning ?? whyNothingRuns(app, target, input.workerInstances ?? 0);
  if (!reason) {
    try {
      const queued = await queueAction(caller, {
        appName: app.name,
        target,
        request: { action: "restart", options: {} },
        trigger: change,
      });
      return {
        logbookId: queued.id,
        restartQueued: { id: queued.id },
        note: "Variables saved: a rolling restart was queued so the instances pick them up.",
      };
    } catch (error) {
      // The variables are saved either way: say so, and how to apply them, instead of failing.
      console.error(`Queueing the restart after a change of ${app.name}'s variables failed:`, error);
      reason = "restart-failed";
    }
  }
  const whose = target === "worker" ? "the worker's" : "the app's";
  const recorded = await recordFinishedAction(getDb(), app, {
    kind: "setvars",
    target,
    options: { reason },
    requestedBy: caller.username,
    trigger: change,
    messages: [
      `${caller.username} changed ${whose} variables: ${listVariableChanges(change)}.`,
      `Nothing was restarted. ${NOT_RESTARTED[reason].long}`,
    ],
  });
  return {
    logbookId: recorded.id,
    restartQueued: null,
    note: `Variables saved. ${NOT_RESTARTED[reason].long}`,
  };
}
