import { getDb } from "@/server/db/client";

/** The free-stop action stopped the app: the page says why, and start-up leaves it stopped. */
export async function markFreeStopped(options: { appId: string; reason: string; at?: Date }): Promise<void> {
  await getDb().app.update({
    where: { id: options.appId },
    data: { stoppedAt: options.at ?? new Date(), stoppedReason: options.reason, freeStopAt: null },
  });
}
