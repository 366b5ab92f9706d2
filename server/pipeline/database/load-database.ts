import { loadAppContext, type AppContext } from "../app-context";
import type { ActionContext } from "../context";
import type { DatabaseCredentials } from "../database-credentials";
import { StepFailure } from "../step-failure";
import { provisionPendingDatabase } from "../steps/provision-database";

/** The app and its provisioned database, the password registered with the logbook. */
export async function loadDatabase(
  ctx: ActionContext,
): Promise<{ app: AppContext; database: DatabaseCredentials }> {
  await provisionPendingDatabase(ctx);
  const app = await loadAppContext(ctx.db, ctx.action.appId);
  for (const secret of app.secrets) ctx.logbook.addSecret(secret);
  if (!app.database) throw new StepFailure("The app has no postgres service.");
  return { app, database: app.database };
}
