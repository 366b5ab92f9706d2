import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { AppError, notFound } from "@/server/services/errors";
import { cancelState } from "./cancellation";
import { actionClassName } from "./schemas";
import { parseTrigger, type ActionTrigger } from "./triggers";

export type LogbookMessageView = {
  id: string;
  asctime: Date;
  loglevel: number;
  message: string;
  step: string | null;
};

export type ActionSummary = {
  id: string;
  appName: string;
  target: "app" | "worker";
  kind: string;
  action: string;
  options: unknown;
  status: "queued" | "running" | "finished" | "error";
  requestedBy: string;
  /**
   * Set when a push through the deploy hook queued it (requestedBy is then the owner), or a
   * change of variables (requestedBy is who changed them).
   */
  trigger: ActionTrigger | null;
  cancelRequestedBy: string | null;
  /** Past its point of no return (the switch began): it can no longer be cancelled. */
  committed: boolean;
  commitSha: string | null;
  commitMessage: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type LogbookView = ActionSummary & { messages: LogbookMessageView[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ActionRow = Omit<ActionSummary, "action" | "trigger" | "committed"> & {
  app: { name: string } | null;
  trigger: unknown;
  committedAt: Date | null;
};

function toSummary(row: ActionRow): ActionSummary {
  return {
    id: row.id,
    // Kept on the action for when the app is gone.
    appName: row.appName || row.app?.name || "",
    target: row.target,
    kind: row.kind,
    action: actionClassName(row.kind, row.target),
    options: row.options,
    status: row.status,
    requestedBy: row.requestedBy,
    trigger: parseTrigger(row.trigger),
    cancelRequestedBy: row.cancelRequestedBy,
    committed: row.committedAt !== null,
    commitSha: row.commitSha,
    commitMessage: row.commitMessage,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

async function findActionRow(caller: Caller, id: string) {
  if (!UUID.test(id)) throw notFound("Logbook");
  const row = await getDb().action.findFirst({
    where: { id, accountId: caller.accountId },
    include: { app: { select: { name: true } } },
  });
  if (!row) throw notFound("Logbook");
  return row;
}

/** An action without its messages (what a live logbook view shows around the stream). */
export async function getAction(caller: Caller, id: string): Promise<ActionSummary> {
  return toSummary(await findActionRow(caller, id));
}

/** A logbook with its messages; `afterId` returns only newer messages (for polling). */
export async function getLogbook(caller: Caller, id: string, afterId?: string): Promise<LogbookView> {
  const row = await findActionRow(caller, id);
  const messages = await getDb().logbookMessage.findMany({
    where: { actionId: id, ...(afterId ? { id: { gt: BigInt(afterId) } } : {}) },
    orderBy: { id: "asc" },
  });
  return {
    ...toSummary(row),
    messages: messages.map((m) => ({
      id: m.id.toString(),
      asctime: m.asctime,
      loglevel: m.level,
      message: m.message,
      step: m.step,
    })),
  };
}

/** The action history of an app, newest first. */
export async function listActions(caller: Caller, appName: string, limit = 50): Promise<ActionSummary[]> {
  const rows = await getDb().action.findMany({
    where: { app: { accountId: caller.accountId, name: appName } },
    include: { app: { select: { name: true } } },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 200),
  });
  return rows.map(toSummary);
}

/**
 * Cancels a queued action at once; asks a running one to stop (its runner, possibly in another
 * process, sees the request, kills its own child processes and cleans up). Once the action has
 * begun switching the app over it is past its point of no return and the cancel is refused.
 * Each row update decides one race (with the worker claiming it, with the runner committing);
 * the status changes reach live views through the database's own notification.
 */
export async function cancelAction(caller: Caller, id: string): Promise<ActionSummary> {
  const row = await findActionRow(caller, id);
  const state = cancelState({ ...row, committed: row.committedAt !== null });
  if (state.kind === "refused") throw new AppError("CONFLICT", state.reason);
  const db = getDb();
  const cancelledQueued = await db.$transaction(async (tx) => {
    const updated = await tx.action.updateMany({
      where: { id, status: "queued" },
      data: { status: "error", cancelRequestedBy: caller.username, finishedAt: new Date() },
    });
    // In the same transaction: a stream that hears of the status change finds the message.
    if (updated.count === 1)
      await tx.logbookMessage.create({
        data: { actionId: id, level: 3, message: `Cancelled by ${caller.username} before it started.` },
      });
    return updated.count === 1;
  });
  if (!cancelledQueued) {
    const requested = await db.action.updateMany({
      where: { id, status: "running", cancelRequestedBy: null, committedAt: null },
      data: { cancelRequestedBy: caller.username },
    });
    if (requested.count === 0) {
      const now = await findActionRow(caller, id);
      // It switched over or ended meanwhile; a cancel someone else asked for is fine (it stops).
      const lost = cancelState({ ...now, committed: now.committedAt !== null });
      if (lost.kind === "refused" && now.cancelRequestedBy === null)
        throw new AppError("CONFLICT", lost.reason);
    }
  }
  return toSummary(await findActionRow(caller, id));
}
