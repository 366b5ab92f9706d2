"use client";

import { useMemo, useState } from "react";
import { MetricsChartCard } from "@/components/metrics/metrics-chart-card";
import { formatCount, formatMs, formatPercent, formatStepTime } from "@/components/metrics/metrics-format";
import { latestValues, metricsSeries } from "@/components/metrics/metrics-series";
import { MetricsSummary } from "@/components/metrics/metrics-summary";
import { PERIOD_LABELS, PeriodPicker } from "@/components/metrics/period-picker";
import { useAppMetrics } from "@/components/metrics/use-app-metrics";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { formatBytes } from "@/lib/format/bytes";
import { localClock } from "@/lib/local-clock";
import { errorMessage } from "@/lib/trpc/errors";
import { busiestStep } from "@/server/services/metrics/metrics-summary";
import type { MetricsView } from "@/server/services/metrics/metrics-view";
import type { TMetricsPeriod } from "@/server/services/metrics/schemas";
import { useTabApp } from "./use-tab-app";

const formatRequests = (value: number | null) => (value === null ? "—" : formatCount(Math.round(value)));

function describeUsage(
  series: ReturnType<typeof metricsSeries>["cpu"],
  format: (value: number) => string,
): string {
  const latest = latestValues(series);
  if (latest.length === 0) return "No readings yet: instances are read every few seconds while they run.";
  return `Latest reading: ${latest.map((l) => `${l.label} ${format(l.value)}`).join(", ")}.`;
}

function MetricsCharts({ view, period }: { view: MetricsView; period: TMetricsPeriod }) {
  const labels = PERIOD_LABELS[period];
  const charts = useMemo(() => metricsSeries(view), [view]);
  const { summary } = view;
  const busiest = busiestStep(view.points);
  const hasRequests = summary.requests > 0;
  const hasRequest = (index: number) => (view.points[index]?.requests ?? 0) > 0;
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <MetricsChartCard
        title={`Requests per ${labels.step}`}
        summary={
          hasRequests
            ? `${formatCount(summary.requests)} ${summary.requests === 1 ? "request" : "requests"} ${labels.long}, at most ${formatCount(busiest?.requests ?? 0)} in one ${labels.step} (${busiest ? formatStepTime(busiest.time) : ""}).`
            : `No requests ${labels.long}.`
        }
        times={charts.times}
        series={charts.requests}
        integer
        format={formatRequests}
        rowFilter={hasRequest}
      />
      <MetricsChartCard
        title="Status classes"
        summary={
          hasRequests
            ? `${(["2xx", "3xx", "4xx", "5xx"] as const).map((c) => `${formatCount(summary.status[c])} ${c}`).join(", ")} ${labels.long}.`
            : `No responses ${labels.long}.`
        }
        times={charts.times}
        series={charts.status}
        integer
        format={formatRequests}
        rowFilter={hasRequest}
      />
      <MetricsChartCard
        title="Latency"
        summary={
          hasRequests
            ? `Over all requests ${labels.long}: p50 ${formatMs(summary.latencyMs.p50)}, p95 ${formatMs(summary.latencyMs.p95)}, p99 ${formatMs(summary.latencyMs.p99)} (time the router took to answer).`
            : `No latency to show: no requests ${labels.long}.`
        }
        times={charts.times}
        series={charts.latency}
        format={formatMs}
        rowFilter={hasRequest}
      />
      <MetricsChartCard
        title="CPU per instance"
        summary={describeUsage(charts.cpu, (v) => formatPercent(v))}
        times={charts.times}
        series={charts.cpu}
        format={formatPercent}
        empty={charts.cpu.length === 0 ? "No instance ran in this period." : undefined}
      />
      <MetricsChartCard
        title="Memory per instance"
        summary={describeUsage(charts.memory, (v) => formatBytes(v))}
        times={charts.times}
        series={charts.memory}
        format={formatBytes}
        empty={charts.memory.length === 0 ? "No instance ran in this period." : undefined}
      />
    </div>
  );
}

export function MetricsTab({ name }: { name: string }) {
  const app = useTabApp(name);
  const [period, setPeriod] = useState<TMetricsPeriod>("1h");
  const metrics = useAppMetrics(name, period);
  if (!app) return null;
  const view = metrics.data;
  const labels = PERIOD_LABELS[period];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">Metrics</h2>
          <p className="text-sm text-slate-500">
            Requests through the router and each instance&apos;s CPU and memory, kept 7 days.
            {view && ` Updated ${localClock(new Date(metrics.dataUpdatedAt))}; refreshes by itself.`}
          </p>
        </div>
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      {metrics.isPending && (
        <div className="flex items-center gap-2 text-sm text-slate-500">
          <Spinner label="Loading metrics" /> Loading metrics…
        </div>
      )}
      {metrics.isError && <Alert tone="error">{errorMessage(metrics.error)}</Alert>}
      {view && (
        <>
          <MetricsSummary summary={view.summary} periodLabel={labels.long} />
          {view.summary.requests === 0 && (
            <EmptyState
              title="No requests yet"
              action={
                app.release ? (
                  <a
                    href={app.url}
                    target="_blank"
                    rel="noreferrer"
                    className="inline-flex items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
                  >
                    Open {app.name}
                  </a>
                ) : undefined
              }
            >
              {app.release
                ? `Open your app: every request through the router shows here within seconds, with its status and how long it took.`
                : `Deploy your app, then open it: every request through the router shows here within seconds.`}
            </EmptyState>
          )}
          <MetricsCharts view={view} period={period} />
        </>
      )}
    </div>
  );
}
