"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { StatusBadge } from "./status-badge";

const NEW_APP_LINK =
  "inline-flex items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700";

export function AppsList() {
  const trpc = useTRPC();
  const apps = useQuery(trpc.apps.list.queryOptions());

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Apps</h1>
          <p className="text-sm text-slate-500">
            Each app is deployed from its repository and served at its own host name.
          </p>
        </div>
        {apps.data && apps.data.length > 0 && (
          <Link href="/apps/new" className={NEW_APP_LINK}>
            New app
          </Link>
        )}
      </div>
      {apps.isPending && (
        <div className="flex items-center gap-2 text-sm text-slate-500">
          <Spinner label="Loading apps" /> Loading apps…
        </div>
      )}
      {apps.isError && <Alert tone="error">Could not load your apps: {errorMessage(apps.error)}</Alert>}
      {apps.data?.length === 0 && (
        <EmptyState
          title="No apps yet"
          action={
            <Link href="/apps/new" className={NEW_APP_LINK}>
              Create app
            </Link>
          }
        >
          Create an app, point it at a git or mercurial repository, and deploy it. Each app gets its own host
          name and can have a database, a worker and environment variables.
        </EmptyState>
      )}
      {apps.data && apps.data.length > 0 && (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          {apps.data.map((app) => (
            <li key={app.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-4 sm:px-6">
              <div className="min-w-0">
                <Link
                  href={`/apps/${app.name}`}
                  className="text-base font-semibold text-brand-700 hover:underline"
                >
                  {app.name}
                </Link>
                <p className="truncate font-mono text-xs text-slate-500">{app.dnsRecord}</p>
              </div>
              <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
                <Badge>{app.variant}</Badge>
                {/* What runs, not what is configured: a never-deployed app runs nothing. */}
                {app.release && (
                  <span>
                    {app.liveInstances.filter((i) => i.kind === "app").length}{" "}
                    {app.liveInstances.filter((i) => i.kind === "app").length === 1
                      ? "instance"
                      : "instances"}
                  </span>
                )}
                {app.published ? <Badge tone="brand">published</Badge> : <Badge>free tier</Badge>}
                <StatusBadge status={app.status} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
