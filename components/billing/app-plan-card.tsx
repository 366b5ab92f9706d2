"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useQueueAction } from "@/components/actions/use-actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { AppView } from "@/server/services/apps/app-view";
import { UPGRADE_PATH } from "./format";
import { QuotaAwareAlert } from "./quota-aware-alert";
import { formatDuration } from "@/lib/format/duration";
import { useCountdown } from "./use-countdown";
import { localClock, localDateTime } from "@/lib/local-clock";

export type AppPlanCardProps = { app: AppView };

/** The app's place in the plan: free tier (time left, or why it stopped) or published, and how to publish. */
export function AppPlanCard({ app }: AppPlanCardProps) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.billing.overview.queryOptions());
  const freeTier = overview.data?.freeTier;
  const queue = useQueueAction(app.name);
  const [error, setError] = useState<string | null>(null);
  const left = useCountdown(app.published || app.stoppedAt ? null : app.freeStopAt);
  const onFree = overview.data?.plan.id === "FREE";
  const run = (action: "deploy" | "publish") => {
    setError(null);
    const onError = (e: unknown) => setError(errorMessage(e));
    if (action === "deploy")
      queue.mutate(
        { app: app.name, target: "app", request: { action, options: { clean: false } } },
        { onError },
      );
    else queue.mutate({ app: app.name, target: "app", request: { action, options: {} } }, { onError });
  };

  return (
    <Card
      title="Plan and publishing"
      description={
        app.published
          ? "Published: no automatic stop, your plan's instance limit, custom domains served."
          : freeTier
            ? `Free tier: at most ${freeTier.maxInstances} instances, custom domains not served, stops ${formatDuration(freeTier.stopAfterMs)} after each deploy.`
            : "Free tier."
      }
      actions={app.published ? <Badge tone="brand">published</Badge> : <Badge>free tier</Badge>}
    >
      <div className="space-y-4 text-sm">
        <div aria-live="polite">{error && <QuotaAwareAlert message={error} />}</div>
        {!app.published && app.stoppedAt && (
          <Alert tone="warning" title={`Stopped ${localDateTime(app.stoppedAt)}`}>
            <p>{app.stoppedReason ?? "The app was stopped by the platform."}</p>
            <div className="mt-2">
              <Button
                size="sm"
                onClick={() => run("deploy")}
                loading={queue.isPending}
                disabled={!app.repository}
              >
                Deploy to start it again
              </Button>
            </div>
          </Alert>
        )}
        {left !== null && (
          <p role="timer" aria-live="off" className="text-slate-700">
            Stops automatically in{" "}
            <strong className="font-semibold">{formatDuration(Math.ceil(left / 1000) * 1000)}</strong>{" "}
            <span className="text-slate-500">(at {app.freeStopAt ? localClock(app.freeStopAt) : ""})</span>.
            Deploy again to restart the clock, or publish it to keep it running.
          </p>
        )}
        {app.published ? (
          <div className="space-y-1">
            <p className="text-slate-700">Point each custom domain at this host name with a DNS record:</p>
            <pre className="overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">
              {`www.example.org.  CNAME  ${app.dnsRecord}.`}
            </pre>
          </div>
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <Button
              variant={onFree ? "secondary" : "primary"}
              onClick={() => run("publish")}
              loading={queue.isPending}
            >
              Publish app
            </Button>
            {onFree && (
              <Link href={UPGRADE_PATH} className="font-medium text-brand-700 underline">
                Publishing needs a paid plan: upgrade
              </Link>
            )}
          </div>
        )}
      </div>
    </Card>
  );
}
