import { getConfig } from "@/server/config";
import type { ActionContext } from "../context";
import { rm } from "node:fs/promises";
import { backupsDir } from "../database/backup-store";
import { removeAppUploads } from "../database/upload-store";

/**
 * The machine's part of an app's deletion (services/apps/delete-app.ts did the database's),
 * queued behind the app's other actions so it never races them: the instances, workers and
 * cron jobs stop, the routes and files go, and then the app's row. The logbook stays with
 * the account.
 */
export async function deleteAppAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook, action } = ctx;
  const app = await db.app.findUniqueOrThrow({ where: { id: action.appId } });
  logbook.info(`Deleting app ${action.appName}.`);
  await ctx.stage("stop", async () => {
    const running = runtime.live(app.id).length;
    await runtime.removeApp(app.id);
    // Dumps uploaded for a restore, and the database's backups, wait in the platform's data
    // dir, not the runtime's: they hold the tenant's data and go with the app.
    await removeAppUploads(getConfig().dataDir, app.id);
    await rm(backupsDir(getConfig().dataDir, app.id), { recursive: true, force: true });
    logbook.info(
      `Stopped ${running} instance${running === 1 ? "" : "s"} and removed the app's releases, files, backups and repository cache.`,
    );
  });
  await ctx.stage("remove", async () => {
    await db.app.delete({ where: { id: app.id } });
  });
  logbook.info(`App ${action.appName} is deleted.`);
}
