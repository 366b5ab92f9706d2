"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { TTestConnectionRequest } from "@/server/services/repositories/connection-test-schemas";
import { useConnectionTest } from "./use-connection-test";

export type ConnectionTestButtonProps = {
  /** The request from the form as it is now, or a message saying what to fill in first. */
  read: () => Promise<TTestConnectionRequest | string>;
};

/**
 * "Test connection" beside a repository form: asks the platform to reach the repository the
 * way a deploy's fetch would, and shows the branch and head commit it found, or why not.
 */
export function ConnectionTestButton({ read }: ConnectionTestButtonProps) {
  const { state, run } = useConnectionTest();
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        loading={state.kind === "running"}
        onClick={() => {
          void read().then((input) => (typeof input === "string" ? undefined : run(input)));
        }}
      >
        Test connection
      </Button>
      <div aria-live="polite">
        {state.kind === "running" && (
          <p className="text-sm text-slate-500">Reaching the repository as a deploy would…</p>
        )}
        {state.kind === "ok" && <Alert tone="success">{state.detail}</Alert>}
        {state.kind === "failed" && (
          <Alert tone="error" title="Connection test failed">
            <span className="whitespace-pre-wrap break-words font-mono text-xs">{state.detail}</span>
          </Alert>
        )}
      </div>
    </div>
  );
}
