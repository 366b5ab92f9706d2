import { getDb, type PrismaTypes } from "@/server/db/client";
import { recordQueuedAction } from "@/server/services/actions/record-action";
import type { Caller } from "@/server/services/caller";
import { dropProvisionedOrRefuse } from "@/server/services/databases/drop-databases";
import { deleteRepositoryIfUnused } from "@/server/services/repositories/repository-store";
import { findAppRow } from "./find-app";

type Tx = PrismaTypes.Prisma.TransactionClient;

/** Cancels the app's queued actions and asks a running one to stop. */
async function stopActions(tx: Tx, appId: string, by: string, now: Date): Promise<void> {
  const queued = await tx.action.findMany({ where: { appId, status: "queued" }, select: { id: true } });
  await tx.action.updateMany({
    where: { id: { in: queued.map((a) => a.id) } },
    data: { status: "error", cancelRequestedBy: by, finishedAt: now },
  });
  await tx.logbookMessage.createMany({
    data: queued.map(({ id }) => ({
      actionId: id,
      level: 3,
      message: `Cancelled before it started: ${by} deleted the app.`,
    })),
  });
  await tx.action.updateMany({
    where: { appId, status: "running", cancelRequestedBy: null },
    data: { cancelRequestedBy: by },
  });
}

/**
 * Deletes the app. What lives in the database goes at once, in one transaction: the app is
 * gone for its users (404, its name and host names free for a new app), its databases are
 * dropped, its repository goes unless another app uses it, its queued actions are cancelled
 * and a running one is asked to stop. What runs on the machine goes in a `delete` action,
 * queued behind them so that it never races a running deploy: it stops the instances,
 * workers and cron jobs, removes the files and finally the app's row. Its logbook stays with
 * the account.
 */
export async function deleteApp(caller: Caller, name: string): Promise<{ logbookId: string }> {
  const db = getDb();
  const now = new Date();
  const app = await db.$transaction(
    async (tx) => {
      const row = await findAppRow(tx, caller, name);
      const databases = await tx.databaseService.findMany({ where: { appId: row.id } });
      await tx.databaseService.deleteMany({ where: { appId: row.id } });
      await tx.hostClaim.deleteMany({ where: { appId: row.id } });
      // The row stays for the delete action; a name no user can choose frees the real one.
      await tx.app.update({
        where: { id: row.id },
        data: {
          deletingAt: now,
          name: `${row.name}~deleted~${row.id}`,
          published: false,
          repositoryId: null,
        },
      });
      if (row.repositoryId) await deleteRepositoryIfUnused(tx, row.repositoryId);
      await stopActions(tx, row.id, caller.username, now);
      // Last: a server that cannot drop rolls all of this back, and the app stays as it was.
      await dropProvisionedOrRefuse(databases);
      return row;
    },
    // Dropping a database ends its sessions first: on a busy machine that takes seconds.
    { timeout: 60_000 },
  );
  const action = await recordQueuedAction(db, app, { kind: "delete", requestedBy: caller.username });
  return { logbookId: action.id };
}
