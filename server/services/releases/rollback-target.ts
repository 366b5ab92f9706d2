import type { PrismaTypes } from "@/server/db/client";
import { AppError } from "@/server/services/errors";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * The release a rollback switches to: the one asked for, or the newest kept release before the
 * current one. Resolved when the action is queued, so the logbook and the activity list name
 * the release even if a deploy lands in between.
 */
export async function resolveRollbackTarget(
  db: Tx,
  app: { id: string; currentReleaseId: string | null },
  requested: number | undefined,
): Promise<number> {
  if (!app.currentReleaseId)
    throw new AppError("BAD_INPUT", "The app has not been deployed yet: there is nothing to roll back to.");
  const releases = await db.release.findMany({
    where: { appId: app.id },
    select: { id: true, number: true },
    orderBy: { number: "desc" },
  });
  const current = releases.find((r) => r.id === app.currentReleaseId);
  if (requested === undefined) {
    const previous = releases.find((r) => current && r.number < current.number);
    if (!previous) throw new AppError("BAD_INPUT", "There is no earlier kept release to roll back to.");
    return previous.number;
  }
  if (current?.number === requested)
    throw new AppError("BAD_INPUT", `Release ${requested} is already running.`);
  if (releases.some((r) => r.number === requested)) return requested;
  const newest = releases[0]?.number ?? 0;
  if (requested > newest) throw new AppError("BAD_INPUT", `There is no release ${requested}.`);
  throw new AppError(
    "BAD_INPUT",
    `Release ${requested} is no longer kept: its files were pruned. Roll back to a kept release or deploy its commit again.`,
  );
}
