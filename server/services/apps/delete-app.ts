import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { dropProvisionedOrRefuse } from "@/server/services/databases/drop-databases";
import { deleteRepositoryIfUnused } from "@/server/services/repositories/repository-store";
import { findAppRow } from "./find-app";

/**
 * Removes the app with its services and variables; its repository too unless another app
 * of the account still uses it. Cannot be undone.
 */
export async function deleteApp(caller: Caller, name: string): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const app = await findAppRow(tx, caller, name);
    const databases = await tx.databaseService.findMany({ where: { appId: app.id } });
    await tx.app.delete({ where: { id: app.id } });
    await dropProvisionedOrRefuse(databases);
    if (app.repositoryId) await deleteRepositoryIfUnused(tx, app.repositoryId);
  });
}
