import { ensureProvisioned, type DatabaseLabel } from "@/server/services/databases/provision-databases";
import type { ActionContext } from "../context";
import { StepFailure } from "../step-failure";

const SERVERS: Record<DatabaseLabel, { title: string; variable: string }> = {
  postgres: { title: "PostgreSQL", variable: "THIRTY_PG_ADMIN_URL" },
  mongodb: { title: "MongoDB", variable: "THIRTY_MONGODB_ADMIN_URL" },
};

/**
 * A database service created while no process could reach its server (or the server failed
 * then) is provisioned by the next deploy, before any instance is given its credentials.
 */
export async function provisionPendingDatabase(ctx: ActionContext): Promise<void> {
  const pending = await ctx.db.databaseService.findMany({
    where: { appId: ctx.action.appId, host: null },
    select: { label: true },
    orderBy: { label: "asc" },
  });
  if (pending.length === 0) return;
  await ctx.stage("database", async () => {
    for (const { label } of pending) {
      const server = SERVERS[label];
      ctx.logbook.info(`Creating the app's ${server.title} database.`);
      const done = await ensureProvisioned(ctx.action.appId, label).catch((error: unknown) => {
        throw new StepFailure(
          `The ${server.title} server refused: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      if (!done)
        throw new StepFailure(
          `No ${server.title} server for apps is configured on this platform (${server.variable}).`,
        );
    }
  });
}
