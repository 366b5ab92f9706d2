"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";
import type { TMetricsPeriod } from "@/server/services/metrics/schemas";

/**
 * How often the charts ask again: the platform writes the minute in progress every few
 * seconds, so new requests show within about ten.
 */
const LIVE_REFRESH_MS = 5000;

export function useAppMetrics(app: string, period: TMetricsPeriod) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.metrics.get.queryOptions({ app, period }),
    refetchInterval: LIVE_REFRESH_MS,
    // Switching the period keeps the old charts until the new numbers are in.
    placeholderData: keepPreviousData,
  });
}
