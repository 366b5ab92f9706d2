"use client";

import dynamic from "next/dynamic";
import { useId } from "react";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { formatStepTime } from "./metrics-format";
import type { ChartSeries } from "./time-series-chart";

// uPlot measures the DOM: it only ever runs in the browser.
const TimeSeriesChart = dynamic(() => import("./time-series-chart"), {
  ssr: false,
  loading: () => <Spinner label="Loading the chart" />,
});

/** How many rows the table alternative shows: the latest, where a person looks first. */
const TABLE_ROWS = 60;

export type MetricsChartCardProps = {
  title: string;
  /** One sentence a screen reader hears instead of the picture. */
  summary: string;
  times: Date[];
  series: ChartSeries[];
  format: (value: number | null) => string;
  /** Rows worth listing in the table alternative (e.g. steps with requests). */
  rowFilter?: (index: number) => boolean;
  empty?: string;
  /** The values are counts (whole numbers). */
  integer?: boolean;
};

/**
 * A chart with its text alternatives: a summary as the figure's caption and, on demand, the
 * numbers as a table (the latest steps that hold any).
 */
export function MetricsChartCard({
  title,
  summary,
  times,
  series,
  format,
  rowFilter,
  empty,
  integer,
}: MetricsChartCardProps) {
  const captionId = useId();
  const seconds = times.map((t) => Math.floor(t.getTime() / 1000));
  const rows = times
    .map((time, index) => ({ time, index }))
    .filter(({ index }) => (rowFilter ? rowFilter(index) : series.some((s) => s.values[index] != null)))
    .slice(-TABLE_ROWS)
    .reverse();
  return (
    <Card title={title}>
      <figure aria-label={title} aria-describedby={captionId} className="space-y-3">
        {empty ? (
          <p className="py-8 text-center text-sm text-slate-500">{empty}</p>
        ) : (
          <TimeSeriesChart times={seconds} series={series} format={format} integer={integer} />
        )}
        <figcaption id={captionId} className="text-sm text-slate-600">
          {summary}
        </figcaption>
        {rows.length > 0 && (
          <details className="text-sm">
            <summary className="cursor-pointer rounded font-medium text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-600">
              Show the numbers
            </summary>
            <div className="mt-2 max-h-64 overflow-auto">
              <table className="w-full text-left tabular-nums">
                <caption className="sr-only">{title}, latest first</caption>
                <thead className="sticky top-0 bg-white text-xs text-slate-500">
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      Time
                    </th>
                    {series.map((s) => (
                      <th key={s.label} scope="col" className="py-1 pr-3 font-medium">
                        {s.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {rows.map(({ time, index }) => (
                    <tr key={index}>
                      <th scope="row" className="py-1 pr-3 font-normal text-slate-500">
                        {formatStepTime(time)}
                      </th>
                      {series.map((s) => (
                        <td key={s.label} className="py-1 pr-3">
                          {format(s.values[index] ?? null)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        )}
      </figure>
    </Card>
  );
}
