import type { PrismaClient, PrismaTypes } from "@/server/db/client";
import { enqueueAction } from "@/server/queue/action-queue";

type ActionFields = {
  kind: string;
  requestedBy: string;
  target?: "app" | "worker";
  options?: PrismaTypes.Prisma.InputJsonValue;
};

/**
 * Records an action of an app `queued` and hands it to the app's queue. The row names the
 * account and the app's name too, so its logbook outlives the app (a delete's does).
 */
export async function recordQueuedAction(
  db: PrismaClient,
  app: { id: string; accountId: string; name: string },
  fields: ActionFields,
): Promise<{ id: string }> {
  const action = await db.action.create({
    data: { appId: app.id, accountId: app.accountId, appName: app.name, ...fields },
  });
  try {
    await enqueueAction({ id: action.id, appId: app.id });
  } catch (error) {
    await db.action.delete({ where: { id: action.id } });
    throw error;
  }
  return { id: action.id };
}
