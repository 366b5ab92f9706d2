import { getDb } from "@/server/db/client";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { dropProvisionedOrRefuse } from "@/server/services/databases/drop-databases";
import { notFound } from "@/server/services/errors";
import { deleteRepositoryIfUnused } from "@/server/services/repositories/repository-store";
import type { ServiceLabel } from "./schemas";

/** Deleting the repository service unlinks it, and deletes it when no other app uses it. */
export async function deleteService(caller: Caller, appName: string, label: ServiceLabel): Promise<void> {
  await getDb().$transaction(
    async (tx) => {
      const app = await findAppRow(tx, caller, appName);
      switch (label) {
        case "repository": {
          if (!app.repositoryId) throw notFound("Service");
          await tx.app.update({ where: { id: app.id }, data: { repositoryId: null } });
          await deleteRepositoryIfUnused(tx, app.repositoryId);
          return;
        }
        case "postgres":
        case "mongodb": {
          const rows = await tx.databaseService.findMany({ where: { appId: app.id, label } });
          if (rows.length === 0) throw notFound("Service");
          await tx.databaseService.deleteMany({ where: { appId: app.id, label } });
          // Inside the transaction: if the server cannot drop it, the service stays as it was.
          await dropProvisionedOrRefuse(rows);
          return;
        }
        case "worker": {
          const removed = await tx.worker.deleteMany({ where: { appId: app.id } });
          if (removed.count === 0) throw notFound("Service");
          await tx.envVar.deleteMany({ where: { appId: app.id, target: "worker" } });
          return;
        }
      }
    },
    // Dropping a database ends its sessions first: on a busy machine that takes seconds.
    { timeout: 60_000 },
  );
}
