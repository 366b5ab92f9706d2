"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { CopyButton } from "@/components/ui/copy-button";
import { formatBytes } from "@/lib/format/bytes";
import { RestoreConfirmDialog } from "./restore-confirm-dialog";
import { RestoreFromFile } from "./restore-from-file";

/** Status, size, connection (masked until revealed), backups and restore of an app's PostgreSQL. */
export type PostgresDetailsProps = { appName: string; databaseName: string };

export function PostgresDetails({ appName, databaseName }: PostgresDetailsProps) {
  const trpc = useTRPC();
  // Backups and restores end after their mutation did: coming back to the card shows them.
  const details = useQuery({
    ...trpc.services.databaseDetails.queryOptions({ app: appName }),
    staleTime: 0,
  });
  const reveal = useMutation(trpc.services.revealDatabase.mutationOptions());
  const action = useMutation(
    trpc.services.databaseAction.mutationOptions({ onSuccess: () => void details.refetch() }),
  );
  const [location, setLocation] = useState("");
  const [confirmingRestore, setConfirmingRestore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onError = (e: unknown) => setError(errorMessage(e));
  const data = details.data;
  if (!data) return null;
  const url = reveal.data?.url ?? data.maskedUrl;
  const psql = reveal.data?.psql;

  return (
    <div className="mt-4 space-y-3 border-t border-slate-100 pt-4 text-sm">
      {error && <Alert tone="error">{error}</Alert>}
      {action.data && (
        <Alert tone="info">
          Queued.{" "}
          <Link className="underline" href={`/apps/${appName}/logbook/${action.data.id}`}>
            Follow it in the logbook
          </Link>
          .
        </Alert>
      )}
      <p>
        <span className="text-slate-500">Status </span>
        <span data-testid="database-status">{data.status}</span>
        {data.sizeBytes !== null && <span className="text-slate-500"> · {formatBytes(data.sizeBytes)}</span>}
      </p>
      {url && (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-slate-500">Password</span>
            <code
              className="break-all rounded bg-slate-50 px-2 py-1 font-mono text-xs"
              data-testid="database-password"
            >
              {reveal.data?.password ?? "****"}
            </code>
            {reveal.data ? (
              <CopyButton text={reveal.data.password} label="Copy password" variant="ghost" />
            ) : (
              <Button
                variant="ghost"
                size="sm"
                loading={reveal.isPending}
                onClick={() => reveal.mutate({ app: appName }, { onError })}
              >
                Reveal password
              </Button>
            )}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <code
              className="break-all rounded bg-slate-50 px-2 py-1 font-mono text-xs"
              data-testid="database-url"
            >
              {url}
            </code>
            {reveal.data && (
              <>
                <CopyButton text={reveal.data.url} label="Copy URL" variant="ghost" />
                {psql && <CopyButton text={psql} label="Copy psql command" variant="ghost" />}
              </>
            )}
          </div>
        </div>
      )}
      {data.status !== "not deployed" && (
        <div className="flex flex-wrap items-end gap-2">
          <Button
            variant="secondary"
            size="sm"
            loading={action.isPending}
            onClick={() => {
              setError(null);
              action.mutate({ app: appName, request: { action: "backup" } }, { onError });
            }}
          >
            Backup
          </Button>
          <div className="min-w-64 flex-1">
            <TextField
              label="Restore from (URL of a pg_dump -Fc file)"
              value={location}
              onChange={(event) => setLocation(event.target.value)}
              placeholder="https://example.org/backup.dump"
            />
          </div>
          <Button
            variant="danger"
            size="sm"
            disabled={!location}
            loading={action.isPending}
            onClick={() => {
              setError(null);
              setConfirmingRestore(true);
            }}
          >
            Restore
          </Button>
          <RestoreFromFile
            appName={appName}
            databaseName={databaseName}
            maxUploadBytes={data.maxUploadBytes}
            pending={action.isPending}
            onRestore={(upload, done) => {
              setError(null);
              action.mutate(
                { app: appName, request: { action: "restore", options: { upload } } },
                { onError, onSuccess: () => done(true), onSettled: (_data, failed) => failed && done(false) },
              );
            }}
          />
        </div>
      )}
      <RestoreConfirmDialog
        open={confirmingRestore}
        databaseName={databaseName}
        source={
          <>
            The dump at <span className="break-all font-mono">{location}</span>
          </>
        }
        pending={action.isPending}
        onConfirm={() =>
          action.mutate(
            { app: appName, request: { action: "restore", options: { location } } },
            { onError, onSettled: () => setConfirmingRestore(false) },
          )
        }
        onClose={() => setConfirmingRestore(false)}
      />
      {data.backups.length > 0 && (
        <ul className="space-y-1">
          {data.backups.map((backup) => (
            <li key={backup.name}>
              <a
                className="font-mono text-xs text-brand-700 underline"
                href={`/api/backups/${encodeURIComponent(appName)}/${backup.name}`}
              >
                {backup.name}
              </a>{" "}
              <span className="text-slate-500">{formatBytes(backup.size)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
