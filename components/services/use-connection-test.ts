"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { TTestConnectionRequest } from "@/server/services/repositories/connection-test-schemas";

/** How long the form waits for the worker's answer (the test itself times out after 20 s). */
const GIVE_UP_AFTER_MS = 60_000;

export type ConnectionTestState =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "ok"; detail: string }
  | { kind: "failed"; detail: string };

/** Starts a connection test and follows it until the worker answers (or the wait ends). */
export function useConnectionTest() {
  const trpc = useTRPC();
  const [test, setTest] = useState<{ id: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    if (!test) return;
    const timer = setTimeout(() => setGaveUp(true), GIVE_UP_AFTER_MS);
    return () => clearTimeout(timer);
  }, [test]);
  const start = useMutation(trpc.repositories.testConnection.mutationOptions());
  const answer = useQuery({
    ...trpc.repositories.connectionTest.queryOptions({ id: test?.id ?? "" }),
    enabled: test !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      const pending = status === "queued" || status === "running" || !status;
      return pending && !gaveUp ? 1000 : false;
    },
  });

  async function run(input: TTestConnectionRequest): Promise<void> {
    setError(null);
    setTest(null);
    setGaveUp(false);
    try {
      const { id } = await start.mutateAsync(input);
      setTest({ id });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  let state: ConnectionTestState = { kind: "idle" };
  if (error) state = { kind: "failed", detail: error };
  else if (start.isPending) state = { kind: "running" };
  else if (test) {
    const data = answer.data;
    if (answer.isError) state = { kind: "failed", detail: errorMessage(answer.error) };
    else if (data?.status === "ok") state = { kind: "ok", detail: data.detail ?? "Connected." };
    else if (data?.status === "failed") state = { kind: "failed", detail: data.detail ?? "The test failed." };
    else if (gaveUp)
      state = {
        kind: "failed",
        detail: "No answer yet: the platform is busy. Try again in a moment.",
      };
    else state = { kind: "running" };
  }
  return { state, run, reset: () => (setTest(null), setError(null)) };
}
