import type { MetricsView } from "@/server/services/metrics/metrics-view";
import type { ChartSeries } from "./time-series-chart";

export const STATUS_COLORS = {
  "2xx": "#16a34a",
  "3xx": "#2563eb",
  "4xx": "#d97706",
  "5xx": "#dc2626",
} as const;
const LATENCY_COLORS = { p50: "#0891b2", p95: "#7c3aed", p99: "#db2777" } as const;
const INSTANCE_COLORS = [
  "#4f46e5",
  "#0891b2",
  "#16a34a",
  "#ea580c",
  "#db2777",
  "#7c3aed",
  "#ca8a04",
  "#475569",
];

/** The view's points as chart series on one time axis (the request steps). */
export function metricsSeries(view: MetricsView) {
  const times = view.points.map((p) => p.time);
  const requests: ChartSeries[] = [
    { label: "Requests", values: view.points.map((p) => p.requests), color: "#4f46e5" },
  ];
  const status: ChartSeries[] = (["2xx", "3xx", "4xx", "5xx"] as const).map((cls) => ({
    label: cls,
    values: view.points.map((p) => p.status[cls]),
    color: STATUS_COLORS[cls],
  }));
  const latency: ChartSeries[] = (["p50", "p95", "p99"] as const).map((q) => ({
    label: q,
    values: view.points.map((p) => p.latencyMs[q]),
    color: LATENCY_COLORS[q],
  }));

  const names = [...new Set(view.instances.map((i) => i.instance))].sort();
  const index = new Map(times.map((t, i) => [t.getTime(), i]));
  const perInstance = (pick: (i: MetricsView["instances"][number]) => number | null): ChartSeries[] =>
    names.map((name, n) => {
      const values: (number | null)[] = times.map(() => null);
      for (const point of view.instances) {
        const at = index.get(point.time.getTime());
        if (point.instance === name && at !== undefined) values[at] = pick(point);
      }
      return { label: name, values, color: INSTANCE_COLORS[n % INSTANCE_COLORS.length] ?? "#475569" };
    });
  return {
    times,
    requests,
    status,
    latency,
    cpu: perInstance((p) => p.cpuPercent),
    memory: perInstance((p) => p.memoryBytes),
  };
}

/** Each instance's most recent value in the series, for a sentence. */
export function latestValues(series: ChartSeries[]): { label: string; value: number }[] {
  return series.flatMap((s) => {
    const value = [...s.values].reverse().find((v): v is number => v !== null);
    return value === undefined ? [] : [{ label: s.label, value }];
  });
}
