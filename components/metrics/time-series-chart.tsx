"use client";

import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatStepTime } from "./metrics-format";

export type ChartSeries = { label: string; values: (number | null)[]; color: string };

export type TimeSeriesChartProps = {
  /** Step starts, seconds since the epoch. */
  times: number[];
  series: ChartSeries[];
  /** Formats values on the y axis and in the legend. */
  format: (value: number | null) => string;
  height?: number;
  /** Whole numbers only (counts): no ticks at 0.25 that would read "0, 0, 1, 1". */
  integer?: boolean;
};

// Tick steps for counts; uPlot's own include fractions.
const INTEGER_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000,
];

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
export default function TimeSeriesChart({
  times,
  series,
  format,
  height = 200,
  integer = false,
}: TimeSeriesChartProps) {
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
          // Headroom above the highest value: a lone reading is not drawn on the frame's edge.
          scales: {
            x: { time: true },
            y: { range: (_u, min, max) => [Math.min(0, min), Math.max(max * 1.1, 1)] },
          },
          axes: [
            {
              stroke: "#64748b",
              grid: { stroke: "#f1f5f9" },
              space: 70,
              // 24-hour and in the viewer's time zone, like every other time on the page.
              values: (_u, ticks) => ticks.map((tick) => formatStepTime(new Date(tick * 1000))),
            },
            {
              stroke: "#64748b",
              grid: { stroke: "#f1f5f9" },
              size: 64,
              ...(integer ? { incrs: INTEGER_STEPS } : {}),
              values: (_u, ticks) => ticks.map((tick) => latest.current.format(tick)),
            },
          ],
          series: [
            {
              value: (_self: uPlot, at: number | null) =>
                at === null ? "—" : formatStepTime(new Date(at * 1000)),
            },
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
  }, [shape, height, integer]);

  useEffect(() => {
    chart.current?.setData(dataOf(times, series));
  }, [times, series]);

  return <div ref={container} className="w-full overflow-hidden" aria-hidden="true" />;
}
