"use client";

import { useState } from "react";
import { useQueueAction } from "@/components/actions/use-actions";
import { QuotaAwareAlert } from "@/components/billing/quota-aware-alert";
import { DeployHookCard } from "@/components/deploys/deploy-hook-card";
import { RepositoryCard } from "@/components/services/repository-card";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/lib/trpc/errors";
import { useTabApp } from "./use-tab-app";

export function DeployTab({ name }: { name: string }) {
  const app = useTabApp(name);
  const queue = useQueueAction(name);
  const [error, setError] = useState<string | null>(null);
  if (!app) return null;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <RepositoryCard app={app} />
      <Card
        title="Deploying"
        description="Deploy (in the header) fetches, builds and switches with zero downtime."
      >
        <div className="space-y-3 text-sm text-slate-600">
          <p>
            Deploys check out <span className="font-mono">{app.repoCommit}</span> (change it under Settings).
          </p>
          <p>A clean deploy rebuilds the virtualenv instead of reusing the previous one.</p>
          <div aria-live="polite">{error && <QuotaAwareAlert message={error} />}</div>
          <Button
            variant="secondary"
            loading={queue.isPending}
            disabled={!app.repository}
            aria-describedby={app.repository ? undefined : "clean-deploy-blocker"}
            onClick={() => {
              setError(null);
              queue.mutate(
                { app: name, target: "app", request: { action: "deploy", options: { clean: true } } },
                { onError: (e) => setError(errorMessage(e)) },
              );
            }}
          >
            Clean deploy
          </Button>
          {!app.repository && (
            <p id="clean-deploy-blocker" className="text-xs text-slate-500">
              Add a repository to deploy from.
            </p>
          )}
        </div>
      </Card>
      <DeployHookCard appName={name} />
    </div>
  );
}
