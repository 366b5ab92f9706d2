"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";

export function useAccountUsers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.listUsers.queryKey() });
  return {
    users: useQuery(trpc.account.listUsers.queryOptions()),
    me: useQuery(trpc.account.me.queryOptions()),
    create: useMutation(trpc.account.createUser.mutationOptions({ onSuccess: refresh })),
    setActive: useMutation(trpc.account.setUserActive.mutationOptions({ onSuccess: refresh })),
    remove: useMutation(trpc.account.deleteUser.mutationOptions({ onSuccess: refresh })),
    changePassword: useMutation(trpc.account.changePassword.mutationOptions()),
  };
}
