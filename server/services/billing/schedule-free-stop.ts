import { getDb } from "@/server/db/client";
import { cancelJob, scheduleJob } from "@/server/queue/action-queue";
import { appLimits } from "./app-limits";
import { FREE_STOP_TASK, freeStopJobKey } from "./billing-tasks";
import { freeStopDelayMs } from "./free-stop-delay";

/**
 * After a successful deploy: an unpublished app gets its automatic stop (replacing any
 * pending one, so the clock starts again at each deploy); a published app has none.
 */
export async function scheduleFreeStop(options: { appId: string; now?: Date }): Promise<Date | null> {
  const db = getDb();
  const app = await db.app.findUnique({
    where: { id: options.appId },
    select: { published: true, account: { select: { plan: true } } },
  });
  if (!app) return null;
  if (!appLimits({ plan: app.account.plan, published: app.published }).autoStop) {
    await db.app.update({
      where: { id: options.appId },
      data: { freeStopAt: null, stoppedAt: null, stoppedReason: null },
    });
    await cancelJob(freeStopJobKey(options.appId));
    return null;
  }
  const dueAt = new Date((options.now ?? new Date()).getTime() + freeStopDelayMs());
  await db.app.update({
    where: { id: options.appId },
    data: { freeStopAt: dueAt, stoppedAt: null, stoppedReason: null },
  });
  await scheduleJob(
    FREE_STOP_TASK,
    { appId: options.appId },
    { runAt: dueAt, jobKey: freeStopJobKey(options.appId) },
  );
  return dueAt;
}

/**
 * The logbook's line about the automatic stop. Relative, not a timestamp: logbook lines are
 * read in the viewer's own time zone, which the server does not know.
 */
export function freeStopNotice(stopAt: Date, since: Date = new Date(), again = false): string {
  const minutes = Math.max(1, Math.round((stopAt.getTime() - since.getTime()) / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const delay = hours === 0 ? `${rest} min` : rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  return `Free tier: the app stops in ${delay} unless it is published${again ? " again" : ""}.`;
}
