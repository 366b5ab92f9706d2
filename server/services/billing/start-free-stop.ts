import { getDb } from "@/server/db/client";
import { recordQueuedAction } from "@/server/services/actions/record-action";

export const FREE_TIER_ACTOR = "free tier";

/**
 * The free tier's timer went off: the stop is an action like any other (a logbook, one at a
 * time with the app's other actions), queued on the app's own queue. An app published or
 * deleted meanwhile has nothing to stop.
 */
export async function startFreeStop(options: { appId: string }): Promise<string | null> {
  const db = getDb();
  const app = await db.app.findUnique({
    where: { id: options.appId },
    select: { id: true, accountId: true, name: true, published: true, freeStopAt: true, deletingAt: true },
  });
  // A deploy since the job was taken moved the stop later: that newer job will do it.
  if (
    !app ||
    app.deletingAt ||
    app.published ||
    !app.freeStopAt ||
    app.freeStopAt.getTime() > Date.now() + 1000
  )
    return null;
  const action = await recordQueuedAction(db, app, { kind: "freestop", requestedBy: FREE_TIER_ACTOR });
  return action.id;
}
