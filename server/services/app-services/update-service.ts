import { getDb } from "@/server/db/client";
import { applyEnvChange, type EnvChangeOutcome } from "@/server/services/apps/apply-env-change";
import { diffEnvValues, readEnvValues } from "@/server/services/apps/env-changes";
import { replaceEnvVars } from "@/server/services/apps/env-vars";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { notFound } from "@/server/services/errors";
import { assertFreeTierAllows } from "@/server/services/free-tier";
import { updateRepositoryRow } from "@/server/services/repositories/repository-store";
import { getService, type ServiceView } from "./get-service";
import type { TUpdateServiceParsed } from "./schemas";

/** Changes a service. The worker's variables, once changed, restart a running worker (see applyEnvChange). */
export async function updateService(
  caller: Caller,
  appName: string,
  input: TUpdateServiceParsed,
): Promise<ServiceView & { envChange: EnvChangeOutcome | null }> {
  const changed = await getDb().$transaction(async (tx) => {
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
        return null;
      }
      case "postgres":
      case "mongodb": {
        const found = await tx.databaseService.findUnique({
          where: { appId_label: { appId: app.id, label: input.label } },
        });
        if (!found) throw notFound("Service");
        if (input.variant)
          await tx.databaseService.update({ where: { id: found.id }, data: { variant: input.variant } });
        return null;
      }
      case "worker": {
        const worker = await tx.worker.findUnique({ where: { appId: app.id } });
        if (!worker) throw notFound("Service");
        if (input.instances !== undefined) {
          await assertFreeTierAllows(tx, { app, instances: input.instances, what: "worker" });
        }
        const updated = await tx.worker.update({
          where: { id: worker.id },
          data: { variant: input.variant, instances: input.instances },
        });
        if (!input.envvars) return null;
        const before = await readEnvValues(tx, app.id, "worker");
        await replaceEnvVars(tx, app.id, "worker", input.envvars);
        const change = diffEnvValues(before, await readEnvValues(tx, app.id, "worker"));
        return change ? { app, change, workerInstances: updated.instances } : null;
      }
    }
  });
  // After the commit: the restart's instances must read the new variables.
  const envChange = changed ? await applyEnvChange(caller, { ...changed, target: "worker" }) : null;
  return { ...(await getService(caller, appName, input.label)), envChange };
}
