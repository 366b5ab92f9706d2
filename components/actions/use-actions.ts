"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { isActive } from "@/server/services/actions/cancellation";

/**
 * Queues an action and opens its logbook, where the user watches it run. A second call while
 * one is in flight is dropped: two clicks in one frame both run before React re-renders the
 * button disabled, and would queue the action twice.
 */
export function useQueueAction(appName: string) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const inFlight = useRef(false);
  const mutation = useMutation(
    trpc.actions.queue.mutationOptions({
      onSuccess: async (queued) => {
        await queryClient.invalidateQueries({ queryKey: trpc.actions.list.queryKey({ app: appName }) });
        await queryClient.invalidateQueries({ queryKey: trpc.deploys.last.queryKey({ app: appName }) });
        router.push(`/apps/${appName}/logbook/${queued.id}`);
      },
    }),
  );
  const mutate: typeof mutation.mutate = (variables, callbacks) => {
    if (inFlight.current) return;
    inFlight.current = true;
    mutation.mutate(variables, {
      ...callbacks,
      onSettled: (...args) => {
        inFlight.current = false;
        callbacks?.onSettled?.(...args);
      },
    });
  };
  return { ...mutation, mutate };
}

export function useActionHistory(appName: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.actions.list.queryOptions({ app: appName }),
    // Poll only while something is still going on.
    refetchInterval: (query) => (query.state.data?.some((a) => isActive(a.status)) ? 1500 : 10_000),
  });
}
