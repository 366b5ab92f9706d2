"use client";

import { ActionsCard } from "@/components/actions/actions-card";
import { DatabaseCard } from "@/components/services/database-card";
import { WorkerCard } from "@/components/services/worker-card";
import { ScaleCard } from "../scale-card";
import { useTabApp } from "./use-tab-app";

export function ResourcesTab({ name }: { name: string }) {
  const app = useTabApp(name);
  if (!app) return null;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-6">
        <ScaleCard app={app} />
        <WorkerCard app={app} />
        {app.worker && <ActionsCard app={app} target="worker" />}
      </div>
      <div className="space-y-6">
        <DatabaseCard app={app} label="postgres" />
        <DatabaseCard app={app} label="mongodb" />
      </div>
    </div>
  );
}
