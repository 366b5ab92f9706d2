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

type AppRef = { id: string; accountId: string; name: string };

/** The action's app, its account, and the app's name as it is now (kept when the app goes). */
function whose(app: AppRef) {
  return { appId: app.id, accountId: app.accountId, appName: app.name };
}

/**
 * Records an action of an app `queued` and hands it to the app's queue. The row names the
 * account and the app's name too, so its logbook outlives the app (a delete's does).
 */
export async function recordQueuedAction(
  db: PrismaClient,
  app: AppRef,
  fields: ActionFields,
): Promise<{ id: string }> {
  const { firstMessage, ...columns } = fields;
  const action = await db.action.create({
    data: {
      ...whose(app),
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

/**
 * Records something that happened to an app but had nothing to run (variables changed while
 * nothing was running): a `finished` action with its logbook, never handed to the queue, so
 * it shows in the app's activity like every other change.
 */
export async function recordFinishedAction(
  db: PrismaClient,
  app: AppRef,
  fields: Omit<ActionFields, "firstMessage"> & { messages: string[] },
): Promise<{ id: string }> {
  const { messages, ...columns } = fields;
  const now = new Date();
  const action = await db.action.create({
    data: {
      ...whose(app),
      ...columns,
      status: "finished",
      createdAt: now,
      startedAt: now,
      finishedAt: now,
      messages: { create: messages.map((message) => ({ level: 1, message, asctime: now })) },
    },
  });
  return { id: action.id };
}
