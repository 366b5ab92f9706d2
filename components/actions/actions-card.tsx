"use client";

import { useState, type FormEvent } from "react";
import { QuotaAwareAlert } from "@/components/billing/quota-aware-alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import type { AppView } from "@/server/services/apps/app-view";
import { useQueueAction } from "./use-actions";

export type ActionsCardProps = { app: AppView; target: "app" | "worker" };

const OCCURRENCES = [
  { value: "1", label: "1 instance" },
  { value: "2", label: "2 instances" },
  { value: "3", label: "3 instances" },
  { value: "all", label: "All instances" },
];

/** Restart and one-off commands for the app or its worker (Deploy is in the page header, scaling in Resources). */
export function ActionsCard({ app, target }: ActionsCardProps) {
  const queue = useQueueAction(app.name);
  const [error, setError] = useState<string | null>(null);
  const [commandError, setCommandError] = useState<string | undefined>();
  const noun = target === "worker" ? "worker" : "app";
  const run = (request: Parameters<typeof queue.mutate>[0]["request"]) => {
    setError(null);
    queue.mutate({ app: app.name, target, request }, { onError: (e) => setError(errorMessage(e)) });
  };

  function onCommand(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const command = String(form.get("command") ?? "").trim();
    if (!command) return setCommandError("Enter the command to run.");
    setCommandError(undefined);
    const raw = String(form.get("occurrence"));
    const occurrence = raw === "all" ? ("all" as const) : Number(raw);
    run({
      action: form.get("django") === "on" ? "djangocommand" : "runcommand",
      options: { command, occurrence },
    });
  }

  const canRun = app.variant === "python";
  // Restart and commands need running instances of a release: say so instead of failing later.
  const blocker = !app.release ? `Deploy the app first: restart and commands run in its instances.` : null;
  const disabled = queue.isPending || blocker !== null;
  const describedBy = blocker ? `${noun}-actions-blocker` : undefined;
  return (
    <Card
      title={target === "worker" ? "Worker actions" : "Restart and run"}
      description={
        target === "worker"
          ? "Restart or run a command in a worker instance. Deploys update the worker too."
          : "Each action is queued, runs one at a time per app, and is recorded in a logbook."
      }
    >
      <div className="space-y-5">
        <div aria-live="polite">{error && <QuotaAwareAlert message={error} />}</div>
        <div className="flex flex-wrap gap-2">
          {!canRun && <p className="text-sm text-slate-500">A static app has no processes to restart.</p>}
          {canRun && (
            <Button
              variant="secondary"
              onClick={() => run({ action: "restart", options: {} })}
              disabled={disabled}
              aria-describedby={describedBy}
            >
              Restart {noun}
            </Button>
          )}
        </div>
        {blocker && (
          <p id={`${noun}-actions-blocker`} className="text-sm text-slate-500">
            {blocker}
          </p>
        )}
        {canRun && (
          <form
            onSubmit={onCommand}
            className="space-y-3"
            aria-label={`Run a command in the ${noun}`}
            noValidate
          >
            <TextField
              label={target === "worker" ? "Worker command" : "Command"}
              name="command"
              placeholder="python manage.py migrate"
              error={commandError}
              hint="Runs in the project root with the instance's environment; output goes to the logbook."
            />
            <div className="flex flex-wrap items-end gap-4">
              <div className="w-44">
                <SelectField
                  label={target === "worker" ? "Run on worker" : "Run on"}
                  name="occurrence"
                  options={OCCURRENCES}
                  defaultValue="1"
                />
              </div>
              <CheckboxField label="Django command (manage.py)" name="django" />
              <Button type="submit" variant="secondary" disabled={disabled} aria-describedby={describedBy}>
                Run command
              </Button>
            </div>
          </form>
        )}
      </div>
    </Card>
  );
}
