import type { PrismaClient, PrismaTypes } from "@/server/db/client";
import { enqueueAction } from "@/server/queue/action-queue";

type ActionFields = {
  /** Chosen beforehand when something must name the action before it exists (an upload it claims). */
  id?: string;
  kind: string;
  requestedBy: string;
  target?: "app" | "worker";
  options?: PrismaTypes.Prisma.InputJsonValue;
  /** What queued it when no person did directly (a push event). */
  trigger?: PrismaTypes.Prisma.InputJsonValue;
  /** The logbook's first line, written with the row (who or what queued it). */
  firstMessage?: string;
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
  const { firstMessage, ...columns } = fields;
  const action = await db.action.create({
    data: {
      appId: app.id,
      accountId: app.accountId,
      appName: app.name,
      ...columns,
      ...(firstMessage ? { messages: { create: { level: 1, message: firstMessage } } } : {}),
    },
  });
  try {
    await enqueueAction({ id: action.id, appId: app.id });
  } catch (error) {
    await db.action.delete({ where: { id: action.id } });
    throw error;
  }
  return { id: action.id };
}
