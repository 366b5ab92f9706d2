import { ensurePostgresProvisioned } from "@/server/services/databases/provision-postgres";
import type { ActionContext } from "../context";
import { StepFailure } from "../step-failure";

/**
 * A postgres service created while no process could reach the apps' server is provisioned by
 * the next deploy, before any instance is given its credentials.
 */
export async function provisionPendingDatabase(ctx: ActionContext): Promise<void> {
  const row = await ctx.db.databaseService.findUnique({
    where: { appId_label: { appId: ctx.action.appId, label: "postgres" } },
    select: { host: true },
  });
  if (!row || row.host) return;
  await ctx.stage("database", async () => {
    ctx.logbook.info("Creating the app's PostgreSQL database.");
    const done = await ensurePostgresProvisioned(ctx.action.appId).catch((error: unknown) => {
      throw new StepFailure(
        `The database server refused: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    if (!done)
      throw new StepFailure(
        "No PostgreSQL server for apps is configured on this platform (THIRTY_PG_ADMIN_URL).",
      );
  });
}
