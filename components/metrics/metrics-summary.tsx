import { serverErrorPercent } from "@/server/services/metrics/metrics-summary";
import type { MetricsView } from "@/server/services/metrics/metrics-view";
import { formatCount, formatMs, formatPercent } from "./metrics-format";

export type MetricsSummaryProps = { summary: MetricsView["summary"]; periodLabel: string };

/** The period's totals in words and numbers: what the charts show, readable without them. */
export function MetricsSummary({ summary, periodLabel }: MetricsSummaryProps) {
  const errors = summary.status["5xx"];
  const errorRate = serverErrorPercent(summary);
  const tiles = [
    { label: "Requests", value: formatCount(summary.requests) },
    {
      label: "Server errors (5xx)",
      value: errorRate === null ? "0" : `${formatCount(errors)} (${formatPercent(errorRate)})`,
    },
    { label: "Latency p50", value: formatMs(summary.latencyMs.p50) },
    { label: "Latency p95", value: formatMs(summary.latencyMs.p95) },
    { label: "Latency p99", value: formatMs(summary.latencyMs.p99) },
  ];
  return (
    <section aria-label={`Totals, ${periodLabel}`}>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {tiles.map((tile) => (
          <div key={tile.label} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
            <dt className="text-xs font-medium text-slate-500">{tile.label}</dt>
            <dd className="mt-1 text-lg font-semibold text-slate-900 tabular-nums">{tile.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
