import "server-only";
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/server/db/client";

/**
 * Running actions are owned, not assumed: the worker that claims an action holds a lease on
 * its row and renews it while the action runs. Only an action whose lease has expired is
 * ended by someone else — by any platform process, whenever it looks — so a process starting
 * beside others never ends their work. Times are PostgreSQL's own (`now()`), so machines with
 * different clocks agree on what has expired.
 */

const DEFAULT_LEASE_MS = 30_000;

/** How long a lease lasts without renewal (THIRTY_ACTION_LEASE_MS; tests shorten it). */
export function actionLeaseMs(): number {
  const raw = process.env.THIRTY_ACTION_LEASE_MS;
  if (!raw) return DEFAULT_LEASE_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 500)
    throw new Error(
      `THIRTY_ACTION_LEASE_MS must be a whole number of milliseconds (500 or more), got "${raw}".`,
    );
  return value;
}

const holder = globalThis as unknown as { thirtyLeaseProcess?: string };

/**
 * Who this process is in lease columns: "<runtime id>/<pid>-<random>". The runtime id comes
 * first so a runtime that restarts recognises leases its previous process left behind.
 */
export function leaseOwnerFor(runtimeId: string): string {
  holder.thirtyLeaseProcess ??= `${process.pid}-${randomBytes(4).toString("hex")}`;
  return `${runtimeId}/${holder.thirtyLeaseProcess}`;
}

/** The lease owner's runtime (what comes before the slash). */
export function runtimeOfOwner(owner: string): string {
  return owner.slice(0, owner.indexOf("/"));
}

// Prisma stores DateTime as UTC in `timestamp without time zone`: compare in UTC.
const NOW = `(now() AT TIME ZONE 'UTC')`;

/** queued → running under this owner's lease; false when someone else got it or it was cancelled. */
export async function claimAction(
  db: PrismaClient,
  actionId: string,
  owner: { leaseOwner: string; queueWorker: string | null },
): Promise<boolean> {
  const ms = actionLeaseMs();
  const count = await db.$executeRawUnsafe(
    `UPDATE "Action" SET status = 'running', "startedAt" = ${NOW},
       "leaseOwner" = $2, "queueWorker" = $3,
       "leaseExpiresAt" = ${NOW} + $4 * interval '1 millisecond'
     WHERE id = $1::uuid AND status = 'queued'`,
    actionId,
    owner.leaseOwner,
    owner.queueWorker,
    ms,
  );
  return count === 1;
}

/** Extends the lease; false when this owner no longer holds it (the action was ended by another). */
export async function renewLease(db: PrismaClient, actionId: string, leaseOwner: string): Promise<boolean> {
  const count = await db.$executeRawUnsafe(
    `UPDATE "Action" SET "leaseExpiresAt" = ${NOW} + $3 * interval '1 millisecond'
     WHERE id = $1::uuid AND status = 'running' AND "leaseOwner" = $2`,
    actionId,
    leaseOwner,
    actionLeaseMs(),
  );
  return count === 1;
}

/**
 * Renews the lease a few times per lease length until stopped. A renewal that fails because
 * the database is unreachable is tried again at the next tick (a PostgreSQL restart is
 * survived); `onLost` runs once if the lease turns out to be someone else's.
 */
export function keepLease(
  db: PrismaClient,
  actionId: string,
  leaseOwner: string,
  onLost: () => void,
): () => void {
  let stopped = false;
  let busy = false;
  const timer = setInterval(
    () => {
      if (busy || stopped) return;
      busy = true;
      void renewLease(db, actionId, leaseOwner)
        .then((held) => {
          if (!held && !stopped) {
            stopped = true;
            clearInterval(timer);
            onLost();
          }
        })
        .catch(() => undefined)
        .finally(() => (busy = false));
    },
    Math.max(100, Math.floor(actionLeaseMs() / 3)),
  );
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** Ends the action under this owner's lease; false when the lease had already been taken from it. */
export async function endLeasedAction(
  db: PrismaClient,
  actionId: string,
  leaseOwner: string,
  status: "finished" | "error",
): Promise<boolean> {
  const count = await db.$executeRawUnsafe(
    `UPDATE "Action" SET status = $3::"ActionStatus", "finishedAt" = ${NOW}, "leaseExpiresAt" = NULL
     WHERE id = $1::uuid AND status = 'running' AND "leaseOwner" = $2`,
    actionId,
    leaseOwner,
    status,
  );
  return count === 1;
}

export type AbandonedAction = { id: string; queueWorker: string | null; restarted: boolean };

const RESTARTED = "The platform restarted while this action was running, so it was stopped. Run it again.";
const EXPIRED =
  "The worker running this action stopped renewing its lease (its process ended or lost the database), so the action was ended. Run it again.";

/**
 * Ends, with a logbook message, every running action whose lease has expired — and, at once,
 * those a previous process of this same runtime (`runtimeId`) was running: one runtime runs one
 * platform process, so a lease of its own that is not this process's is a dead process's.
 * Rows another process is ending at the same moment are skipped, not waited for.
 */
export async function endAbandonedActions(
  db: PrismaClient,
  self: { runtimeId: string; leaseOwner: string },
): Promise<AbandonedAction[]> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: string; queueWorker: string | null; restarted: boolean }[]>(
      `SELECT id::text AS id, "queueWorker",
              (left("leaseOwner", length($1) + 1) = $1 || '/' AND "leaseOwner" <> $2) AS restarted
       FROM "Action"
       WHERE status = 'running'
         AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ${NOW}
              OR (left("leaseOwner", length($1) + 1) = $1 || '/' AND "leaseOwner" <> $2))
       FOR UPDATE SKIP LOCKED`,
      self.runtimeId,
      self.leaseOwner,
    );
    if (rows.length === 0) return [];
    // The message first: a stream that sees the status change reads the logbook to its end.
    await tx.logbookMessage.createMany({
      data: rows.map((row) => ({ actionId: row.id, level: 3, message: row.restarted ? RESTARTED : EXPIRED })),
    });
    await tx.$executeRawUnsafe(
      `UPDATE "Action" SET status = 'error', "finishedAt" = ${NOW}, "leaseExpiresAt" = NULL
       WHERE id = ANY($1::uuid[])`,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({
      id: row.id,
      queueWorker: row.queueWorker,
      restarted: row.restarted === true,
    }));
  });
}
