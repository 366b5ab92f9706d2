"use client";

import { ActionHistory } from "@/components/actions/action-history";
import { ActionsCard } from "@/components/actions/actions-card";
import { InstancesCard } from "@/components/actions/instances-card";
import { AppPlanCard } from "@/components/billing/app-plan-card";
import { KeyMetricsCard } from "@/components/metrics/key-metrics-card";
import { useTabApp } from "./use-tab-app";

export function OverviewTab({ name }: { name: string }) {
  const app = useTabApp(name);
  if (!app) return null;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-6">
        <InstancesCard app={app} />
        <ActionsCard app={app} target="app" />
      </div>
      <div className="space-y-6">
        <KeyMetricsCard appName={app.name} />
        <AppPlanCard app={app} />
        <ActionHistory appName={app.name} limit={8} />
      </div>
    </div>
  );
}
