"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc/react";

/** Queues an action and opens its logbook, where the user watches it run. */
export function useQueueAction(appName: string) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.actions.queue.mutationOptions({
      onSuccess: async (queued) => {
        await queryClient.invalidateQueries({ queryKey: trpc.actions.list.queryKey({ app: appName }) });
        router.push(`/apps/${appName}/logbook/${queued.id}`);
      },
    }),
  );
}

const ACTIVE = new Set(["queued", "running"]);

export function useActionHistory(appName: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.actions.list.queryOptions({ app: appName }),
    // Poll only while something is still going on.
    refetchInterval: (query) => (query.state.data?.some((a) => ACTIVE.has(a.status)) ? 1500 : 10_000),
  });
}

export function isActive(status: string): boolean {
  return ACTIVE.has(status);
}
