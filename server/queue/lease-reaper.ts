import "server-only";
import type { PrismaClient } from "@/server/db/client";
import { actionLeaseMs, endAbandonedActions } from "./action-lease";
import { releaseAbandonedJobs, releaseJobsOfEndedActions } from "./action-queue";

/**
 * Any worker process looks, now and then, for actions whose worker is gone (expired lease) and
 * ends them, then frees their jobs so the app's next action runs. Several processes doing it at
 * once is fine: each row is ended by exactly one of them (server/queue/action-lease.ts).
 */
export function startLeaseReaper(options: {
  db: PrismaClient;
  runtimeId: string;
  leaseOwner: string;
  everyMs?: number;
}): { firstPass: Promise<number>; stop: () => void } {
  const leaseMs = actionLeaseMs();
  let passes = 0;
  const pass = async (): Promise<number> => {
    const ended = await endAbandonedActions(options.db, options);
    for (const action of ended)
      console.log(
        `Action ${action.id} ended: ${action.restarted ? "interrupted by the last shutdown" : "its lease expired"}.`,
      );
    await releaseAbandonedJobs(ended);
    // The slower sweep of the queue itself, every few passes.
    if (passes++ % 5 === 0) await releaseJobsOfEndedActions(leaseMs);
    return ended.length;
  };
  let busy: Promise<unknown> = pass();
  const firstPass = busy as Promise<number>;
  const timer = setInterval(
    () => {
      busy = busy
        .catch(() => undefined)
        .then(pass)
        .catch((error: unknown) => console.error("Looking for abandoned actions failed:", error));
    },
    options.everyMs ?? Math.max(250, Math.floor(leaseMs / 2)),
  );
  return {
    firstPass,
    stop: () => clearInterval(timer),
  };
}
