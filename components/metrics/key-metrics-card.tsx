"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { formatCount, formatMs } from "./metrics-format";
import { useAppMetrics } from "./use-app-metrics";

export type KeyMetricsCardProps = { appName: string };

/** The last hour at a glance on the Overview tab; the Metrics tab has the charts. */
export function KeyMetricsCard({ appName }: KeyMetricsCardProps) {
  const metrics = useAppMetrics(appName, "1h");
  const summary = metrics.data?.summary;
  return (
    <Card
      title="Last hour"
      actions={
        <Link
          href={`/apps/${appName}/metrics`}
          className="rounded text-sm font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          View metrics
        </Link>
      }
    >
      {metrics.isPending && <Spinner label="Loading metrics" />}
      {metrics.isError && <Alert tone="error">{errorMessage(metrics.error)}</Alert>}
      {summary && (
        <dl className="grid grid-cols-3 gap-3 text-sm">
          <div>
            <dt className="text-slate-500">Requests</dt>
            <dd className="text-lg font-semibold text-slate-900 tabular-nums">
              {formatCount(summary.requests)}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">5xx</dt>
            <dd className="text-lg font-semibold text-slate-900 tabular-nums">
              {formatCount(summary.status["5xx"])}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">p95 latency</dt>
            <dd className="text-lg font-semibold text-slate-900 tabular-nums">
              {formatMs(summary.latencyMs.p95)}
            </dd>
          </div>
        </dl>
      )}
    </Card>
  );
}
