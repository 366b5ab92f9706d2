import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { findAppRow } from "@/server/services/apps/find-app";

export type ReleaseListItem = {
  number: number;
  commitSha: string;
  commitMessage: string;
  createdAt: Date;
  /** Who queued the deploy that built it; null when that action is gone. */
  deployedBy: string | null;
  /** The release the app's instances run now. */
  current: boolean;
};

/**
 * The kept releases of an app, newest first. A release does not record its deploy; actions
 * of one app never overlap, so the deploy that was running when the release row was written
 * is the one that built it.
 */
export async function listReleases(caller: Caller, appName: string): Promise<ReleaseListItem[]> {
  const db = getDb();
  const app = await findAppRow(db, caller, appName);
  const releases = await db.release.findMany({ where: { appId: app.id }, orderBy: { number: "desc" } });
  if (releases.length === 0) return [];
  const deploys = await db.action.findMany({
    where: {
      appId: app.id,
      kind: "deploy",
      startedAt: { not: null, lte: releases[0]?.createdAt },
      createdAt: { lte: releases[0]?.createdAt },
    },
    select: { requestedBy: true, startedAt: true, finishedAt: true },
    orderBy: { startedAt: "desc" },
    take: 200,
  });
  return releases.map((release) => {
    const built = deploys.find(
      (d) =>
        d.startedAt !== null &&
        d.startedAt <= release.createdAt &&
        (d.finishedAt === null || d.finishedAt >= release.createdAt),
    );
    return {
      number: release.number,
      commitSha: release.commitSha,
      commitMessage: release.commitMessage,
      createdAt: release.createdAt,
      deployedBy: built?.requestedBy ?? null,
      current: release.id === app.currentReleaseId,
    };
  });
}
