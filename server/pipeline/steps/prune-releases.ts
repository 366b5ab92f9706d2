import { rm } from "node:fs/promises";
import type { PrismaClient } from "@/server/db/client";

/** Releases kept per app; THIRTY_KEEP_RELEASES overrides the default of 5. */
function keepReleases(): number {
  return Math.max(1, Number(process.env.THIRTY_KEEP_RELEASES ?? 5) || 5);
}

/**
 * Keeps the newest releases (and the one running) so a rollback stays cheap, and removes
 * older ones with the virtualenvs only they used, so disks do not fill.
 */
export async function pruneReleases(
  db: PrismaClient,
  appId: string,
  currentReleaseId: string,
): Promise<number> {
  const releases = await db.release.findMany({ where: { appId }, orderBy: { number: "desc" } });
  const keep = releases.filter((r, index) => index < keepReleases() || r.id === currentReleaseId);
  const drop = releases.filter((r) => !keep.includes(r));
  const keptVirtualenvs = new Set(keep.map((r) => r.virtualenv));
  for (const release of drop) {
    await rm(release.directory, { recursive: true, force: true });
    if (release.virtualenv && !keptVirtualenvs.has(release.virtualenv))
      await rm(release.virtualenv, { recursive: true, force: true });
    await db.release.delete({ where: { id: release.id } });
  }
  return drop.length;
}
