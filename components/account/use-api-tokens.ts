"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";

export function useApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  return {
    tokens: useQuery(trpc.tokens.list.queryOptions()),
    create: useMutation(trpc.tokens.create.mutationOptions({ onSuccess: refresh })),
    revoke: useMutation(trpc.tokens.delete.mutationOptions({ onSuccess: refresh })),
  };
}
