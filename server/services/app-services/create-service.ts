import { getDb } from "@/server/db/client";
import { applyEnvChange } from "@/server/services/apps/apply-env-change";
import { replaceEnvVars } from "@/server/services/apps/env-vars";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { AppError } from "@/server/services/errors";
import { assertFreeTierAllows } from "@/server/services/free-tier";
import { resolveRepository } from "@/server/services/repositories/repository-store";
import { mongodbAdminUrl } from "@/server/services/databases/mongodb-server";
import { provisionSoon } from "@/server/services/databases/provision-databases";
import { insertDatabaseService } from "./database-credentials";
import { getService, type ServiceView } from "./get-service";
import type { TCreateServiceParsed } from "./schemas";

/** A MongoDB database needs an operator's server; without one the service would never work. */
export const NO_MONGODB_SERVER =
  "This platform has no MongoDB server, so apps cannot have a MongoDB database here. Its operator can provide one with THIRTY_MONGODB_ADMIN_URL; until then, use PostgreSQL.";

function alreadyThere(appName: string, label: string): AppError {
  return new AppError(
    "CONFLICT",
    `App ${appName} already has a ${label} service. Update or delete it instead.`,
  );
}

export async function createService(
  caller: Caller,
  appName: string,
  input: TCreateServiceParsed,
): Promise<ServiceView> {
  const app = await getDb().$transaction(async (tx) => {
    const app = await findAppRow(tx, caller, appName);
    switch (input.label) {
      case "repository": {
        if (app.repositoryId) throw alreadyThere(app.name, "repository");
        const { label: _label, ...repository } = input;
        const repositoryId = await resolveRepository(tx, {
          accountId: caller.accountId,
          input: repository,
          defaultName: app.name,
        });
        await tx.app.update({ where: { id: app.id }, data: { repositoryId } });
        return app;
      }
      case "postgres":
      case "mongodb": {
        const existing = await tx.databaseService.findUnique({
          where: { appId_label: { appId: app.id, label: input.label } },
        });
        if (existing) throw alreadyThere(app.name, input.label);
        if (input.label === "mongodb" && !mongodbAdminUrl())
          throw new AppError("CONFLICT", NO_MONGODB_SERVER);
        await insertDatabaseService(tx, {
          appId: app.id,
          appName: app.name,
          accountName: caller.accountName,
          label: input.label,
          variant: input.variant,
        });
        return app;
      }
      case "worker": {
        if (await tx.worker.findUnique({ where: { appId: app.id } })) throw alreadyThere(app.name, "worker");
        const instances = input.instances ?? 1;
        await assertFreeTierAllows(tx, { app, instances, what: "worker" });
        await tx.worker.create({ data: { appId: app.id, variant: input.variant ?? "python", instances } });
        if (input.envvars) await replaceEnvVars(tx, app.id, "worker", input.envvars);
        return app;
      }
    }
  });
  if (input.label === "postgres" || input.label === "mongodb") await provisionSoon(app.id, input.label);
  // A new worker's variables are a change the app's activity shows; nothing runs yet to restart.
  const names = input.label === "worker" ? (input.envvars ?? []).map((v) => v.name).sort() : [];
  if (names.length > 0)
    await applyEnvChange(caller, {
      app,
      target: "worker",
      change: { source: "variables", set: names, removed: [] },
      notRunning: "new-worker",
    });
  return getService(caller, appName, input.label);
}
