import type { QueueTask } from "@/server/queue/action-queue";
import { applyScheduledPlanChange } from "./apply-scheduled-plan-change";
import { startFreeStop } from "./start-free-stop";

/** The delayed jobs of billing: names shared by whoever schedules them and the worker. */
export const FREE_STOP_TASK = "free-stop";
export const PLAN_PERIOD_END_TASK = "plan-period-end";

export function freeStopJobKey(appId: string): string {
  return `free-stop:${appId}`;
}

export function planPeriodJobKey(accountId: string): string {
  return `plan-period:${accountId}`;
}

/** What the action worker runs for billing (passed to startActionWorker's `tasks`). */
export const billingTasks: Record<string, QueueTask> = {
  [FREE_STOP_TASK]: async (payload) => {
    await startFreeStop({ appId: String(payload.appId) });
  },
  [PLAN_PERIOD_END_TASK]: async (payload) => {
    await applyScheduledPlanChange({ accountId: String(payload.accountId) });
  },
};
