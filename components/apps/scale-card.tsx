"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useQueueAction } from "@/components/actions/use-actions";
import { QuotaAwareAlert } from "@/components/billing/quota-aware-alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { AppView } from "@/server/services/apps/app-view";

export type ScaleCardProps = { app: AppView };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

type ProcessType = { target: "app" | "worker"; label: string; current: number; running: number };

function ScaleRow({
  app,
  type,
  max,
  limitText,
}: {
  app: AppView;
  type: ProcessType;
  max: number | undefined;
  limitText: string;
}) {
  const queue = useQueueAction(app.name);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const blockerId = `scale-${type.target}-blocker`;
  const blocker =
    app.variant === "static" && type.target === "app"
      ? "A static app has no processes: the router serves its files."
      : !app.release
        ? "Deploy the app first; until then the count is kept for the first deploy in Settings."
        : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const instances = Number(new FormData(event.currentTarget).get("instances"));
    if (!Number.isInteger(instances) || instances < 0)
      return setFieldError("Enter a whole number, 0 or more.");
    if (max !== undefined && instances > max) {
      // Refused before asking the server, with the same way out it would give: the upgrade.
      setFieldError(`At most ${max} here.`);
      return setError(`Quota reached: ${limitText}`);
    }
    setFieldError(undefined);
    setError(null);
    queue.mutate(
      { app: app.name, target: type.target, request: { action: "scale", options: { instances } } },
      { onError: (e) => setError(errorMessage(e)) },
    );
  }

  return (
    <li className="space-y-2 py-3">
      <form
        onSubmit={onSubmit}
        noValidate
        aria-label={`Scale ${type.label}`}
        className="flex flex-wrap items-end gap-3"
      >
        <div className="min-w-40 flex-1">
          <p className="text-sm font-medium text-slate-900">{type.label}</p>
          <p className="text-xs text-slate-500">
            {plural(type.running, "instance")} running · configured {type.current}
          </p>
        </div>
        <div className="w-36">
          <TextField
            key={type.current}
            label={`${type.label} instances`}
            name="instances"
            type="number"
            min={0}
            max={max}
            defaultValue={type.current}
            error={fieldError}
            hint={max !== undefined ? `0 pauses · max ${max}` : "0 pauses"}
          />
        </div>
        <Button
          type="submit"
          variant="secondary"
          loading={queue.isPending}
          disabled={blocker !== null}
          aria-describedby={blocker ? blockerId : undefined}
        >
          Scale
        </Button>
      </form>
      {blocker && (
        <p id={blockerId} className="text-xs text-slate-500">
          {blocker}
        </p>
      )}
      <div aria-live="polite">{error && <QuotaAwareAlert message={error} />}</div>
    </li>
  );
}

/** One scale control per process type (web and worker), with the plan's limit beside it. */
export function ScaleCard({ app }: ScaleCardProps) {
  const trpc = useTRPC();
  const limits = useQuery(trpc.deploys.limits.queryOptions({ app: app.name }));
  const running = (kind: "app" | "worker") => app.liveInstances.filter((i) => i.kind === kind).length;
  const types: ProcessType[] = [
    { target: "app", label: "Web", current: app.instances, running: running("app") },
    ...(app.worker
      ? [
          {
            target: "worker" as const,
            label: "Worker",
            current: app.worker.instances,
            running: running("worker"),
          },
        ]
      : []),
  ];
  const limitText = limits.data
    ? app.published
      ? `The ${limits.data.planName} plan allows ${limits.data.maxInstances} instances of ${limits.data.instanceMemoryMb} MB per process type.`
      : `Free-tier apps run at most ${limits.data.maxInstances} instances of ${limits.data.instanceMemoryMb} MB; publish the app to run more.`
    : "";
  return (
    <Card title="Scale" description={limitText || "Instances per process type."}>
      <ul className="divide-y divide-slate-100" aria-label="Process types">
        {types.map((type) => (
          <ScaleRow
            key={type.target}
            app={app}
            type={type}
            max={limits.data?.maxInstances}
            limitText={limitText}
          />
        ))}
      </ul>
    </Card>
  );
}
