"use client";

import { useState } from "react";
import { useServiceMutations } from "@/components/apps/use-app";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/lib/trpc/errors";
import type { AppView } from "@/server/services/apps/app-view";
import { PostgresDetails } from "./postgres-details";

export type DatabaseCardProps = { app: AppView; label: "postgres" | "mongodb" };

const TITLES = { postgres: "PostgreSQL", mongodb: "MongoDB" } as const;

export function DatabaseCard({ app, label }: DatabaseCardProps) {
  const { create, remove } = useServiceMutations(app.name);
  const database = app[label];
  const [error, setError] = useState<string | null>(null);
  const onError = (e: unknown) => setError(errorMessage(e));

  return (
    <Card
      title={TITLES[label]}
      actions={
        database ? (
          <Button
            variant="ghost"
            size="sm"
            loading={remove.isPending}
            onClick={() => remove.mutate({ app: app.name, label }, { onError })}
          >
            Remove {TITLES[label]}
          </Button>
        ) : (
          <Button
            variant="secondary"
            size="sm"
            loading={create.isPending}
            onClick={() => create.mutate({ app: app.name, service: { label } }, { onError })}
          >
            Add {TITLES[label]}
          </Button>
        )
      }
    >
      {error && <Alert tone="error">{error}</Alert>}
      {database ? (
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          {(
            [
              ["Variant", database.variant],
              ["Database", database.name],
              ["Username", database.username],
              ["Password", database.password],
              ["Host", database.host],
              ["Port", database.port],
            ] as const
          ).map(([term, value]) => (
            <div key={term}>
              <dt className="text-slate-500">{term}</dt>
              <dd className="break-all font-mono text-slate-800">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {database && label === "postgres" && <PostgresDetails appName={app.name} />}
      {database ? null : (
        <p className="text-sm text-slate-500">
          No {TITLES[label]} database. Adding one gives the app its credentials in its environment.
        </p>
      )}
    </Card>
  );
}
