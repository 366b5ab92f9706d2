"use client";

import Link from "next/link";
import { useState } from "react";
import { useQueueAction } from "@/components/actions/use-actions";
import { QuotaAwareAlert } from "@/components/billing/quota-aware-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/trpc/errors";
import type { AppView } from "@/server/services/apps/app-view";
import type { LastDeployView } from "@/server/services/actions/last-deploy";
import { StatusBadge } from "./status-badge";
import { useLastDeploy } from "./use-last-deploy";

export type AppHeaderProps = { app: AppView };

function DeployState({ app, last }: { app: AppView; last: LastDeployView | null | undefined }) {
  if (!last) return <StatusBadge status={app.status} />;
  const logbook = `/apps/${app.name}/logbook/${last.actionId}`;
  if (last.status === "queued" || last.status === "running")
    return (
      <Link href={logbook} className="hover:underline">
        <Badge tone="amber">{last.kind === "rollback" ? "rolling back" : "deploying"}</Badge>
      </Link>
    );
  if (last.status === "error") {
    const serving = app.release ? `release ${app.release.number} still serving` : "nothing deployed yet";
    return (
      <span className="flex flex-wrap items-center gap-2">
        <StatusBadge status={app.status} />
        <Link href={logbook} className="text-sm font-medium text-red-700 hover:underline">
          Last {last.kind} failed{last.failedStage ? ` at ${last.failedStage}` : ""} — {serving}
        </Link>
      </span>
    );
  }
  return <StatusBadge status={app.status} />;
}

/** The part of the app page that stays on every tab: who the app is, what runs, and Deploy. */
export function AppHeader({ app }: AppHeaderProps) {
  const last = useLastDeploy(app.name);
  const queue = useQueueAction(app.name);
  const [error, setError] = useState<string | null>(null);
  const deploying = last.data?.status === "queued" || last.data?.status === "running";
  const deployBlocker = !app.repository
    ? "Add a repository in the Deploy tab first."
    : deploying
      ? "A deploy is already under way."
      : null;
  return (
    <header className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-4">
        {/* Grows beside the buttons; a long cause line wraps inside it instead of pushing them down. */}
        <div className="min-w-0 flex-1 basis-80 space-y-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold text-slate-900">{app.name}</h1>
            <DeployState app={app} last={last.data} />
          </div>
          <p className="text-sm text-slate-600">
            {app.release ? (
              <>
                Release {app.release.number} ·{" "}
                <span className="font-mono">{app.release.commitSha.slice(0, 8)}</span>{" "}
                <span className="break-words">{app.release.commitMessage}</span>
              </>
            ) : (
              "Not deployed yet"
            )}
          </p>
          <p className="break-all font-mono text-sm text-slate-500">{app.dnsRecord}</p>
          {last.data?.status === "error" && last.data.firstError && (
            <p
              className="line-clamp-3 break-words font-mono text-xs text-red-700"
              title={last.data.firstError}
            >
              {last.data.firstError}
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Badge>{app.variant}</Badge>
          {app.published ? <Badge tone="brand">published</Badge> : <Badge>free tier</Badge>}
          {app.release ? (
            <a
              href={app.url}
              target="_blank"
              rel="noreferrer"
              className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
            >
              Open app
            </a>
          ) : (
            <Button variant="secondary" disabled title="Deploy the app first.">
              Open app
            </Button>
          )}
          <Button
            onClick={() => {
              setError(null);
              queue.mutate(
                { app: app.name, target: "app", request: { action: "deploy", options: { clean: false } } },
                { onError: (e) => setError(errorMessage(e)) },
              );
            }}
            loading={queue.isPending}
            disabled={deployBlocker !== null}
            aria-describedby={deployBlocker ? "deploy-blocker" : undefined}
          >
            Deploy
          </Button>
        </div>
      </div>
      {deployBlocker && (
        <p id="deploy-blocker" className="text-right text-xs text-slate-500">
          {deployBlocker}
        </p>
      )}
      <div aria-live="polite">{error && <QuotaAwareAlert message={error} />}</div>
    </header>
  );
}
