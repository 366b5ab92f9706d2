"use client";

import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ChartSeries = { label: string; values: (number | null)[]; color: string };

export type TimeSeriesChartProps = {
  /** Step starts, seconds since the epoch. */
  times: number[];
  series: ChartSeries[];
  /** Formats values on the y axis and in the legend. */
  format: (value: number | null) => string;
  height?: number;
};

function gappy(self: uPlot, seriesIdx: number): boolean {
  return (self.data[seriesIdx] ?? []).some((value) => value === null || value === undefined);
}

function dataOf(times: number[], series: ChartSeries[]): uPlot.AlignedData {
  return [times, ...series.map((s) => s.values)];
}

/**
 * One or more series over time, drawn by uPlot. The chart is made once per set of series and
 * then only given new data, so a live refresh does not flicker or lose the legend's state.
 */
export default function TimeSeriesChart({ times, series, format, height = 200 }: TimeSeriesChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef({ times, series, format });
  // Declared first, so the effects below (and uPlot's callbacks) see this render's values.
  useEffect(() => {
    latest.current = { times, series, format };
  });
  const shape = series.map((s) => `${s.label}:${s.color}`).join("|");

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    const observer = new ResizeObserver(() => chart.current?.setSize({ width: element.clientWidth, height }));
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled) return;
      const { times: xs, series: ys } = latest.current;
      const show = (_self: uPlot, value: number | null) => latest.current.format(value);
      chart.current = new UPlot(
        {
          width: element.clientWidth,
          height,
          scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(max, 1)] } },
          axes: [
            { stroke: "#64748b", grid: { stroke: "#f1f5f9" } },
            {
              stroke: "#64748b",
              grid: { stroke: "#f1f5f9" },
              size: 64,
              values: (_u, ticks) => ticks.map((tick) => latest.current.format(tick)),
            },
          ],
          series: [
            {},
            ...ys.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: 2,
              value: show,
              spanGaps: false,
              // A value between gaps (a latency, an instance read once) is no line: mark every value.
              points: { show: gappy, size: 6, fill: s.color },
            })),
          ],
          legend: { live: true },
        },
        dataOf(xs, ys),
        element,
      );
      observer.observe(element);
    });
    return () => {
      cancelled = true;
      observer.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [shape, height]);

  useEffect(() => {
    chart.current?.setData(dataOf(times, series));
  }, [times, series]);

  return <div ref={container} className="w-full overflow-hidden" aria-hidden="true" />;
}
