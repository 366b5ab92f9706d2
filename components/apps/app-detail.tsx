"use client";

import Link from "next/link";
import { Breadcrumbs } from "@/components/layout/breadcrumbs";
import { ActionHistory } from "@/components/actions/action-history";
import { AppPlanCard } from "@/components/billing/app-plan-card";
import { ActionsCard } from "@/components/actions/actions-card";
import { InstancesCard } from "@/components/actions/instances-card";
import { DatabaseCard } from "@/components/services/database-card";
import { RepositoryCard } from "@/components/services/repository-card";
import { WorkerCard } from "@/components/services/worker-card";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { AppSettingsCard } from "./app-settings-card";
import { CnamesCard } from "./cnames-card";
import { DeleteAppDialog } from "./delete-app-dialog";
import { EnvVarsEditor } from "./env-vars-editor";
import { StatusBadge } from "./status-badge";
import { useApp, useUpdateApp } from "./use-app";

export type AppDetailProps = { name: string };

export function AppDetail({ name }: AppDetailProps) {
  const app = useApp(name);
  const update = useUpdateApp(name);

  if (app.isPending) {
    return (
      <div className="flex items-center gap-2 text-sm text-slate-500">
        <Spinner label="Loading app" /> Loading {name}…
      </div>
    );
  }
  if (app.isError) {
    const missing = (app.error as { data?: { code?: string } }).data?.code === "NOT_FOUND";
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold text-slate-900">
          {missing ? "App not found" : "Could not load the app"}
        </h1>
        <Alert tone={missing ? "info" : "error"}>
          {missing ? `There is no app named ${name} in your account.` : errorMessage(app.error)}
        </Alert>
        <Link href="/apps" className="text-sm font-medium text-brand-700 hover:underline">
          Back to your apps
        </Link>
      </div>
    );
  }

  const view = app.data;
  return (
    <div className="space-y-6">
      <Breadcrumbs appName={view.name} />
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{view.name}</h1>
          <p className="mt-1 break-all font-mono text-sm text-slate-500">
            {view.release ? (
              <a href={view.url} target="_blank" rel="noreferrer" className="text-brand-700 hover:underline">
                {view.url}
              </a>
            ) : (
              view.dnsRecord
            )}
          </p>
          <Link
            href={`/apps/${view.name}/logs`}
            className="mt-1 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            View logs
          </Link>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Badge>{view.variant}</Badge>
          <Badge>{view.region}</Badge>
          {view.published ? <Badge tone="brand">published</Badge> : <Badge>free tier</Badge>}
          <StatusBadge status={view.status} />
        </div>
      </header>
      <div className="grid gap-6 lg:grid-cols-2">
        <ActionsCard app={view} target="app" />
        <div className="space-y-6">
          <AppPlanCard app={view} />
          <InstancesCard app={view} />
          <ActionHistory appName={view.name} />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <AppSettingsCard app={view} />
        <RepositoryCard app={view} />
        <Card
          title="Environment variables"
          description="Given to every app instance; override thirty.ini [variables]."
        >
          <EnvVarsEditor
            vars={view.envvars}
            onSave={(envvars) => update.mutateAsync({ name, changes: { envvars } })}
          />
        </Card>
        <CnamesCard app={view} />
        <div className="space-y-6">
          <WorkerCard app={view} />
          {view.worker && <ActionsCard app={view} target="worker" />}
        </div>
        <div className="space-y-6">
          <DatabaseCard app={view} label="postgres" />
          <DatabaseCard app={view} label="mongodb" />
        </div>
      </div>
      <Card title="Danger zone">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600">
            Deleting the app removes its services and instances. It cannot be undone.
          </p>
          <DeleteAppDialog app={view} />
        </div>
      </Card>
    </div>
  );
}
