import { getDb } from "@/server/db/client";
import { replaceEnvVars } from "@/server/services/apps/env-vars";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { notFound } from "@/server/services/errors";
import { assertFreeTierAllows } from "@/server/services/free-tier";
import { updateRepositoryRow } from "@/server/services/repositories/repository-store";
import { getService, type ServiceView } from "./get-service";
import type { TUpdateServiceParsed } from "./schemas";

export async function updateService(
  caller: Caller,
  appName: string,
  input: TUpdateServiceParsed,
): Promise<ServiceView> {
  await getDb().$transaction(async (tx) => {
    const app = await findAppRow(tx, caller, appName);
    switch (input.label) {
      case "repository": {
        if (!app.repositoryId) throw notFound("Service");
        const { label: _label, ...changes } = input;
        await updateRepositoryRow(tx, {
          accountId: caller.accountId,
          repositoryId: app.repositoryId,
          input: changes,
        });
        return;
      }
      case "postgres":
      case "mongodb": {
        const found = await tx.databaseService.findUnique({
          where: { appId_label: { appId: app.id, label: input.label } },
        });
        if (!found) throw notFound("Service");
        if (input.variant)
          await tx.databaseService.update({ where: { id: found.id }, data: { variant: input.variant } });
        return;
      }
      case "worker": {
        const worker = await tx.worker.findUnique({ where: { appId: app.id } });
        if (!worker) throw notFound("Service");
        if (input.instances !== undefined) {
          await assertFreeTierAllows(tx, { app, instances: input.instances, what: "worker" });
        }
        await tx.worker.update({
          where: { id: worker.id },
          data: { variant: input.variant, instances: input.instances },
        });
        if (input.envvars) await replaceEnvVars(tx, app.id, "worker", input.envvars);
        return;
      }
    }
  });
  return getService(caller, appName, input.label);
}
