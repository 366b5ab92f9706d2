"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

// uPlot measures the DOM: it only ever runs in the browser.
const UsageChart = dynamic(() => import("./usage-chart"), {
  ssr: false,
  loading: () => <Spinner label="Loading the chart" />,
});

export function UsageChartCard() {
  const trpc = useTRPC();
  const series = useQuery(trpc.billing.usageSeries.queryOptions());
  const data = series.data;
  const rows =
    data?.apps.flatMap((app) =>
      app.free.map((free, i) => ({
        app: app.name,
        day: data.days[i] ?? 0,
        hours: free + (app.paid[i] ?? 0),
      })),
    ) ?? [];
  return (
    <Card
      title="Usage this month"
      description="Instance-hours per app and day, metered from each instance's start and stop."
    >
      {series.isPending && <Spinner label="Loading usage" />}
      {series.isError && <Alert tone="error">{errorMessage(series.error)}</Alert>}
      {data && data.apps.length === 0 && (
        <EmptyState title="No usage yet">Deploy an app: its instances are metered while they run.</EmptyState>
      )}
      {data && data.apps.length > 0 && (
        <figure>
          <UsageChart series={data} />
          <figcaption className="sr-only">
            {rows
              .filter((row) => row.hours > 0)
              .map(
                (row) =>
                  `${row.app}: ${row.hours.toFixed(2)} hours on ${new Date(row.day * 1000).toDateString()}`,
              )
              .join("; ")}
          </figcaption>
        </figure>
      )}
    </Card>
  );
}
