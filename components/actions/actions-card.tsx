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

/** Deploy, restart, scale and one-off commands for the app or its worker. */
export function ActionsCard({ app, target }: ActionsCardProps) {
  const queue = useQueueAction(app.name);
  const [error, setError] = useState<string | null>(null);
  const [commandError, setCommandError] = useState<string | undefined>();
  const [scaleError, setScaleError] = useState<string | undefined>();
  const current = target === "worker" ? (app.worker?.instances ?? 0) : app.instances;
  const noun = target === "worker" ? "worker" : "app";
  const run = (request: Parameters<typeof queue.mutate>[0]["request"]) => {
    setError(null);
    queue.mutate({ app: app.name, target, request }, { onError: (e) => setError(errorMessage(e)) });
  };

  function onScale(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const instances = Number(new FormData(event.currentTarget).get("instances"));
    if (!Number.isInteger(instances) || instances < 0)
      return setScaleError("Enter a whole number, 0 or more.");
    setScaleError(undefined);
    run({ action: "scale", options: { instances } });
  }

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
  return (
    <Card
      title={target === "worker" ? "Worker actions" : "Deploy and run"}
      description={
        target === "worker"
          ? "Scale, restart or run a command in a worker instance. Deploys update the worker too."
          : "Each action is queued, runs one at a time per app, and is recorded in a logbook."
      }
    >
      <div className="space-y-5">
        <div aria-live="polite">{error && <QuotaAwareAlert message={error} />}</div>
        <div className="flex flex-wrap gap-2">
          {target === "app" && (
            <>
              <Button
                onClick={() => run({ action: "deploy", options: { clean: false } })}
                loading={queue.isPending}
                disabled={!app.repository}
              >
                Deploy
              </Button>
              <Button
                variant="secondary"
                onClick={() => run({ action: "deploy", options: { clean: true } })}
                disabled={queue.isPending || !app.repository}
              >
                Clean deploy
              </Button>
            </>
          )}
          {canRun && (
            <Button
              variant="secondary"
              onClick={() => run({ action: "restart", options: {} })}
              disabled={queue.isPending}
            >
              Restart {noun}
            </Button>
          )}
        </div>
        {target === "app" && !app.repository && (
          <p className="text-sm text-slate-500">Add a repository to deploy from.</p>
        )}
        <form
          onSubmit={onScale}
          className="flex flex-wrap items-end gap-2"
          aria-label={`Scale the ${noun}`}
          noValidate
        >
          <div className="w-36">
            <TextField
              label="Instances"
              name="instances"
              type="number"
              min={0}
              defaultValue={current}
              error={scaleError}
              hint="0 pauses"
            />
          </div>
          <Button type="submit" variant="secondary" disabled={queue.isPending} className="mt-6">
            Scale
          </Button>
        </form>
        {canRun && (
          <form
            onSubmit={onCommand}
            className="space-y-3"
            aria-label={`Run a command in the ${noun}`}
            noValidate
          >
            <TextField
              label="Command"
              name="command"
              placeholder="python manage.py migrate"
              error={commandError}
              hint="Runs in the project root with the instance's environment; output goes to the logbook."
            />
            <div className="flex flex-wrap items-end gap-4">
              <div className="w-44">
                <SelectField label="Run on" name="occurrence" options={OCCURRENCES} defaultValue="1" />
              </div>
              <CheckboxField label="Django command (manage.py)" name="django" />
              <Button type="submit" variant="secondary" disabled={queue.isPending}>
                Run command
              </Button>
            </div>
          </form>
        )}
      </div>
    </Card>
  );
}
