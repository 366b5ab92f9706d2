"use client";

import { useState, type FormEvent } from "react";
import { EnvChangeNotice } from "@/components/apps/env-change-notice";
import { EnvVarsEditor } from "@/components/apps/env-vars-editor";
import { useServiceMutations } from "@/components/apps/use-app";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import type { AppView } from "@/server/services/apps/app-view";
import type { EnvChangeOutcome } from "@/server/services/apps/apply-env-change";
import { ZInstances } from "@/server/services/apps/schemas";

export type WorkerCardProps = { app: AppView };

/**
 * A worker runs the release's [worker:processes]: without any, it would start nothing. The
 * current release's thirty.ini is known, so the card says so before (or after) one is added.
 */
function WorkerConfigWarning({ app }: { app: AppView }) {
  if (app.variant === "static" || !app.release || app.release.workerProcesses.length > 0) return null;
  return (
    <Alert tone="warning" title="No [worker:processes] in thirty.ini">
      Release {app.release.number}&apos;s thirty.ini defines no worker processes, so a worker would run
      nothing. Add a <span className="font-mono">[worker:processes]</span> section (for example{" "}
      <span className="font-mono">jobs = python jobs.py</span>) and deploy.
    </Alert>
  );
}

export function WorkerCard({ app }: WorkerCardProps) {
  const { create, update, remove } = useServiceMutations(app.name);
  const worker = app.worker;
  const [error, setError] = useState<string | null>(null);
  const [instancesError, setInstancesError] = useState<string | undefined>();
  const [envChange, setEnvChange] = useState<EnvChangeOutcome | null>(null);
  const onError = (e: unknown) => setError(errorMessage(e));

  function onSaveInstances(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZInstances.safeParse(Number(new FormData(event.currentTarget).get("instances")));
    if (!parsed.success) return setInstancesError(parsed.error.issues[0]?.message);
    setInstancesError(undefined);
    setError(null);
    update.mutate({ app: app.name, service: { label: "worker", instances: parsed.data } }, { onError });
  }

  return (
    <Card
      title="Worker"
      description="Runs [worker:processes] from thirty.ini, away from the load balancer."
      actions={
        worker ? (
          <Button
            variant="ghost"
            size="sm"
            loading={remove.isPending}
            onClick={() => remove.mutate({ app: app.name, label: "worker" }, { onError })}
          >
            Remove worker
          </Button>
        ) : (
          <Button
            variant="secondary"
            size="sm"
            loading={create.isPending}
            onClick={() => create.mutate({ app: app.name, service: { label: "worker" } }, { onError })}
          >
            Add worker
          </Button>
        )
      }
    >
      <div className="space-y-4">
        <div aria-live="polite">{error && <Alert tone="error">{error}</Alert>}</div>
        <WorkerConfigWarning app={app} />
        {worker ? (
          <>
            <form onSubmit={onSaveInstances} noValidate className="flex flex-wrap items-end gap-3">
              <div className="w-40">
                <TextField
                  key={worker.instances}
                  label="Worker instances to start on deploy"
                  name="instances"
                  type="number"
                  min={0}
                  defaultValue={worker.instances}
                  error={instancesError}
                />
              </div>
              <Button type="submit" variant="secondary" loading={update.isPending}>
                Save worker
              </Button>
            </form>
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-700">Worker environment variables</h3>
              <div className="space-y-3">
                <EnvChangeNotice appName={app.name} outcome={envChange} />
                <EnvVarsEditor
                  scope="worker"
                  vars={worker.envvars}
                  onSave={async (envvars) => {
                    setEnvChange(null);
                    const saved = await update.mutateAsync({
                      app: app.name,
                      service: { label: "worker", envvars },
                    });
                    setEnvChange(saved.envChange);
                  }}
                />
              </div>
            </div>
          </>
        ) : (
          <p className="text-sm text-slate-500">No worker. Add one for background jobs, queues or cron.</p>
        )}
      </div>
    </Card>
  );
}
