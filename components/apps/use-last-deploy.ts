"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";

/** The newest deploy or rollback; polled while one is queued or running. */
export function useLastDeploy(appName: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.deploys.last.queryOptions({ app: appName }),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "queued" || status === "running" ? 2000 : 30_000;
    },
  });
}
