"use client";

import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { UsageSeries } from "@/server/services/billing/usage-series";

export type UsageChartProps = { series: UsageSeries };

const COLORS = ["#4f46e5", "#0891b2", "#16a34a", "#ea580c", "#db2777", "#7c3aed", "#ca8a04"];

/** Instance-hours per app and day, one line per app (free and paid hours added). uPlot draws it. */
export default function UsageChart({ series }: UsageChartProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let chart: uPlot | null = null;
    let cancelled = false;
    const observer = new ResizeObserver(() => chart?.setSize({ width: element.clientWidth, height: 260 }));
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled) return;
      const data: uPlot.AlignedData = [
        series.days,
        ...series.apps.map((app) =>
          app.free.map((free, i) => Math.round((free + (app.paid[i] ?? 0)) * 100) / 100),
        ),
      ];
      chart = new UPlot(
        {
          width: element.clientWidth,
          height: 260,
          scales: { x: { time: true } },
          axes: [{}, { label: "instance-hours" }],
          series: [
            {},
            ...series.apps.map((app, i) => ({
              label: app.name,
              stroke: COLORS[i % COLORS.length],
              width: 2,
              points: { show: true },
            })),
          ],
        },
        data,
        element,
      );
      observer.observe(element);
    });
    return () => {
      cancelled = true;
      observer.disconnect();
      chart?.destroy();
    };
  }, [series]);
  return <div ref={container} className="w-full" />;
}
