import { stat } from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/server/config";
import type { ActionContext } from "../context";
import { backupName, keepBackup, keptBackups } from "../database/backup-store";
import { loadDatabase } from "../database/load-database";
import { dumpWorkDir, runPgTool } from "../database/pg-tool";
import { StepFailure } from "../step-failure";

export function backupDownloadPath(accountName: string, appName: string, name: string): string {
  return `/0.9/${encodeURIComponent(accountName)}/apps/${encodeURIComponent(appName)}/services/postgres/backups/${name}`;
}

/** backup: pg_dump -Fc as the app's role; the platform keeps the newest few and links each. */
export async function backupAction(ctx: ActionContext): Promise<void> {
  const { app, database } = await loadDatabase(ctx);
  const work = await dumpWorkDir(ctx);
  try {
    await ctx.stage("backup", async () => {
      ctx.logbook.info(`Dumping database ${database.name}.`);
      const result = await runPgTool(ctx, {
        tool: "pg_dump",
        args: ["--format=custom", "--no-password", "--file", path.join(work.inside, "backup.dump")],
        database,
        workDir: work.host,
      });
      if (ctx.signal.aborted) throw new StepFailure("The backup was stopped.");
      if (result.code !== 0) throw new StepFailure(`pg_dump failed (exit ${result.code ?? result.signal}).`);
      const name = backupName(ctx.action.id);
      // The platform's data dir (not the runtime's): web processes serve the downloads from it.
      const dataDir = getConfig().dataDir;
      await keepBackup(dataDir, app.id, path.join(work.host, "backup.dump"), name);
      const size = (await stat(path.join(dataDir, "backups", app.id, name))).size;
      ctx.logbook.info(`Kept backup ${name} (${size} bytes; the newest ${keptBackups()} are kept).`);
      ctx.logbook.info(
        `Download: ${getConfig().publicUrl}${backupDownloadPath(app.accountName, app.name, name)}`,
      );
    });
  } finally {
    await work.cleanup();
  }
}
