import { chown, open } from "node:fs/promises";
import path from "node:path";
import type { ActionContext } from "../context";
import { downloadDump } from "../database/download-dump";
import { loadDatabase } from "../database/load-database";
import { dumpWorkDir, runPgTool } from "../database/pg-tool";
import { discardUpload, takeUpload } from "../database/take-upload";
import { DUMP_MAGIC, isDumpHead } from "@/server/services/databases/uploads/dump-file-rule";
import { StepFailure } from "../step-failure";

async function isCustomFormatDump(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(DUMP_MAGIC.length);
    await handle.read(head, 0, head.length, 0);
    return isDumpHead(head.toString("latin1"));
  } finally {
    await handle.close();
  }
}

/** The dump, now in the scratch dir, checked and handed to the app's user who restores it. */
async function prepareDump(ctx: ActionContext, file: string): Promise<void> {
  if (!(await isCustomFormatDump(file)))
    throw new StepFailure("The file is not a pg_dump custom-format archive (make it with pg_dump -Fc).");
  const user = await ctx.runtime.prepareApp(ctx.action.appId);
  if (user) await chown(file, user.uid, user.gid);
}

/**
 * restore: takes a pg_dump -Fc file — downloaded from `location`, or the file uploaded as
 * `upload` — and restores it into the app's database with pg_restore --clean --no-acl
 * --no-owner, as the app's own role in its sandbox: a dump can do no more than the app itself
 * could. In one transaction, so a failure (said in the logbook, with pg_restore's words)
 * leaves the database, like the platform, as it was. An upload is removed when this ends.
 */
export async function restoreAction(ctx: ActionContext): Promise<void> {
  const location = String(ctx.action.options.location ?? "");
  const uploadId = typeof ctx.action.options.upload === "string" ? ctx.action.options.upload : null;
  try {
    const { database } = await loadDatabase(ctx);
    const work = await dumpWorkDir(ctx);
    const file = path.join(work.host, "restore.dump");
    try {
      if (uploadId)
        await ctx.stage("upload", async () => {
          const bytes = await takeUpload(ctx, uploadId, file);
          await prepareDump(ctx, file);
          ctx.logbook.info(`Using the uploaded file (${bytes} bytes).`);
        });
      else
        await ctx.stage("download", async () => {
          ctx.logbook.info(`Downloading ${location}.`);
          const bytes = await downloadDump(location, file, ctx.signal);
          await prepareDump(ctx, file);
          ctx.logbook.info(`Downloaded ${bytes} bytes.`);
        });
      await ctx.stage("restore", async () => {
        ctx.logbook.info(`Restoring into database ${database.name}.`);
        const result = await runPgTool(ctx, {
          tool: "pg_restore",
          args: [
            "--clean",
            "--if-exists",
            "--no-acl",
            "--no-owner",
            "--no-password",
            // All or nothing: a dump that fails halfway leaves the database as it was.
            "--single-transaction",
            "--dbname",
            database.name,
            path.join(work.inside, "restore.dump"),
          ],
          database,
          workDir: work.host,
        });
        if (ctx.signal.aborted) throw new StepFailure("The restore was stopped.");
        if (result.code !== 0) {
          const tail = result.output.slice(-3).join("\n");
          throw new StepFailure(
            `pg_restore failed (exit ${result.code ?? result.signal}); nothing was changed.${tail ? `\n${tail}` : ""}`,
          );
        }
      });
    } finally {
      await work.cleanup();
    }
  } finally {
    if (uploadId) await discardUpload(ctx, uploadId);
  }
}
