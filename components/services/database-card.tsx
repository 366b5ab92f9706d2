"use client";

import { useState } from "react";
import { useServiceMutations } from "@/components/apps/use-app";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/lib/trpc/errors";
import type { AppView } from "@/server/services/apps/app-view";
import { DeleteDatabaseDialog } from "./delete-database-dialog";
import { PostgresDetails } from "./postgres-details";

export type DatabaseCardProps = { app: AppView; label: "postgres" | "mongodb" };

const TITLES = { postgres: "PostgreSQL", mongodb: "MongoDB" } as const;

export function DatabaseCard({ app, label }: DatabaseCardProps) {
  const { create, remove } = useServiceMutations(app.name);
  const database = app[label];
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const title = TITLES[label];

  // The password of a PostgreSQL database shows, masked until revealed, in its details below.
  const fields: [string, string][] = database
    ? [
        ["Variant", database.variant],
        ["Database", database.name],
        ["Username", database.username],
        ...(label === "postgres" ? [] : ([["Password", database.password]] as [string, string][])),
        ["Host", database.host],
        ["Port", database.port],
      ]
    : [];

  return (
    <Card
      title={title}
      actions={
        database ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              remove.reset();
              setConfirming(true);
            }}
          >
            Remove {title}
          </Button>
        ) : (
          <Button
            variant="secondary"
            size="sm"
            loading={create.isPending}
            onClick={() => {
              setError(null);
              create.mutate(
                { app: app.name, service: { label } },
                { onError: (e) => setError(errorMessage(e)) },
              );
            }}
          >
            Add {title}
          </Button>
        )
      }
    >
      {error && <Alert tone="error">{error}</Alert>}
      {database ? (
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          {fields.map(([term, value]) => (
            <div key={term}>
              <dt className="text-slate-500">{term}</dt>
              <dd className="break-all font-mono text-slate-800">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {database && label === "postgres" && (
        <PostgresDetails appName={app.name} databaseName={database.name} />
      )}
      {database ? null : (
        <p className="text-sm text-slate-500">
          No {title} database. Adding one gives the app its credentials in its environment.
        </p>
      )}
      {database && (
        <DeleteDatabaseDialog
          open={confirming}
          title={title}
          database={database}
          pending={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : undefined}
          onConfirm={() => remove.mutate({ app: app.name, label }, { onSuccess: () => setConfirming(false) })}
          onClose={() => setConfirming(false)}
        />
      )}
    </Card>
  );
}
