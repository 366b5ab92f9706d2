"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/lib/trpc/react";

export function useApp(name: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Instance states change on their own (a crash, a restart): the platform says when.
  useSubscription(
    trpc.live.appChanges.subscriptionOptions(
      { app: name },
      {
        onData: (change) => {
          // Instance states arrive with the change and show at once; the rest of the view (its
          // status word, the release) follows with a refetch.
          queryClient.setQueryData(trpc.apps.get.queryKey({ name }), (view) =>
            view ? { ...view, liveInstances: change.instances } : view,
          );
          void queryClient.invalidateQueries({ queryKey: trpc.apps.get.queryKey({ name }) });
          if (change.actionsChanged) {
            void queryClient.invalidateQueries({ queryKey: trpc.actions.list.queryKey({ app: name }) });
            void queryClient.invalidateQueries({ queryKey: trpc.deploys.last.queryKey({ app: name }) });
            void queryClient.invalidateQueries({ queryKey: trpc.releases.list.queryKey({ app: name }) });
          }
        },
      },
    ),
  );
  return useAppQuery(name);
}

/**
 * The app view without its live subscription: for the tabs under the app page's shell, which
 * holds the one subscription of the page (browsers allow few connections per origin).
 */
export function useAppQuery(name: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.apps.get.queryOptions({ name }), refetchInterval: 30_000 });
}

/**
 * Invalidates the app, the list and its activity after any change, so every view shows the
 * saved state (a change of variables adds an entry to the activity).
 */
function useRefreshApp(name: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.apps.get.queryKey({ name }) }),
      queryClient.invalidateQueries({ queryKey: trpc.apps.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.actions.list.queryKey({ app: name }) }),
    ]);
  };
}

export function useUpdateApp(name: string) {
  const trpc = useTRPC();
  const refresh = useRefreshApp(name);
  return useMutation(trpc.apps.update.mutationOptions({ onSuccess: refresh }));
}

export function useServiceMutations(name: string) {
  const trpc = useTRPC();
  const refresh = useRefreshApp(name);
  return {
    create: useMutation(trpc.services.create.mutationOptions({ onSuccess: refresh })),
    update: useMutation(trpc.services.update.mutationOptions({ onSuccess: refresh })),
    remove: useMutation(trpc.services.delete.mutationOptions({ onSuccess: refresh })),
  };
}
