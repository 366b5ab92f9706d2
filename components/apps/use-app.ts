"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";

export function useApp(name: string) {
  const trpc = useTRPC();
  // Instance states change on their own (a crash, a restart): keep the page current.
  return useQuery({ ...trpc.apps.get.queryOptions({ name }), refetchInterval: 4000 });
}

/** Invalidates the app and the list after any change, so every view shows the saved state. */
function useRefreshApp(name: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.apps.get.queryKey({ name }) }),
      queryClient.invalidateQueries({ queryKey: trpc.apps.list.queryKey() }),
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
