import type { AppView, DatabaseView, RepositoryView, WorkerView } from "@/server/services/apps/app-view";
import { getApp } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { notFound } from "@/server/services/errors";
import type { ServiceLabel } from "./schemas";

export type ServiceView =
  | { label: "repository"; repository: RepositoryView }
  | { label: "postgres" | "mongodb"; database: DatabaseView }
  | { label: "worker"; worker: WorkerView };

export function serviceOf(app: AppView, label: ServiceLabel): ServiceView | null {
  switch (label) {
    case "repository":
      return app.repository ? { label, repository: app.repository } : null;
    case "postgres":
    case "mongodb": {
      const database = app[label];
      return database ? { label, database } : null;
    }
    case "worker":
      return app.worker ? { label, worker: app.worker } : null;
  }
}

export async function getService(caller: Caller, appName: string, label: ServiceLabel): Promise<ServiceView> {
  const service = serviceOf(await getApp(caller, appName), label);
  if (!service) throw notFound("Service");
  return service;
}
