"use client";

import { useRef, useState, type FormEvent } from "react";
import { readKeyFile } from "@/components/apps/read-key-file";
import { useServiceMutations } from "@/components/apps/use-app";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConnectionTestButton } from "./connection-test-button";
import { SelectField, TextField } from "@/components/ui/field";
import { errorMessage, fieldIssues } from "@/lib/trpc/errors";
import type { AppView } from "@/server/services/apps/app-view";
import { ZRepositoryLocation } from "@/server/services/repositories/schemas";

export type RepositoryCardProps = { app: AppView };

export function RepositoryCard({ app }: RepositoryCardProps) {
  const { create, update, remove } = useServiceMutations(app.name);
  const repository = app.repository;
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [locationError, setLocationError] = useState<string | undefined>();
  const [keyFile, setKeyFile] = useState<File | undefined>();
  const formRef = useRef<HTMLFormElement>(null);

  /** The form as it is now, for Test connection: an unchanged location means the stored one. */
  async function readForTest() {
    const data = new FormData(formRef.current ?? undefined);
    const location = String(data.get("location") ?? "").trim();
    const variant = data.get("variant") === "mercurial" ? ("mercurial" as const) : ("git" as const);
    const keepLocation = repository !== null && location === repository.location;
    if (!keepLocation) {
      const parsed = ZRepositoryLocation.safeParse(location);
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? "Enter the repository's location.";
        setLocationError(message);
        return message;
      }
    }
    setLocationError(undefined);
    return {
      app: app.name,
      variant,
      location: keepLocation ? undefined : location,
      ssh_key: await readKeyFile(keyFile),
    };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const location = String(data.get("location") ?? "").trim();
    const variant = data.get("variant") === "mercurial" ? "mercurial" : "git";
    const keepLocation = repository && location === repository.location;
    if (!keepLocation) {
      const parsed = ZRepositoryLocation.safeParse(location);
      if (!parsed.success) return setLocationError(parsed.error.issues[0]?.message);
    }
    setLocationError(undefined);
    setError(null);
    const sshKey = await readKeyFile(keyFile);
    try {
      if (repository) {
        await update.mutateAsync({
          app: app.name,
          service: {
            label: "repository",
            variant,
            location: keepLocation ? undefined : location,
            ssh_key: sshKey,
          },
        });
      } else {
        await create.mutateAsync({
          app: app.name,
          service: { label: "repository", variant, location, ssh_key: sshKey },
        });
      }
      setEditing(false);
      setKeyFile(undefined);
    } catch (e) {
      const issue = fieldIssues(e)[0];
      setError(issue ? issue.message : errorMessage(e));
    }
  }

  const form = (
    <form ref={formRef} onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="sm:col-span-2">
          <TextField
            label="Repository location"
            name="location"
            defaultValue={repository?.location ?? ""}
            error={locationError}
          />
        </div>
        <SelectField
          label="Repository type"
          name="variant"
          defaultValue={repository?.variant ?? "git"}
          options={[
            { value: "git", label: "git" },
            { value: "mercurial", label: "mercurial" },
          ]}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor={`key-${app.name}`} className="block text-sm font-medium text-slate-700">
          SSH deploy key
        </label>
        <input
          id={`key-${app.name}`}
          type="file"
          onChange={(e) => setKeyFile(e.target.files?.[0])}
          className="block w-full text-sm"
        />
        <p className="text-xs text-slate-500">
          {repository?.hasSshKey ? "Upload a file to replace the stored key." : "Optional."}
        </p>
      </div>
      <ConnectionTestButton read={readForTest} />
      <div className="flex justify-end gap-2">
        {repository && (
          <Button variant="secondary" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        )}
        <Button type="submit" loading={create.isPending || update.isPending}>
          {repository ? "Save repository" : "Add repository"}
        </Button>
      </div>
    </form>
  );

  return (
    <Card
      title="Repository"
      actions={
        repository &&
        !editing && (
          <>
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
              Edit repository
            </Button>
            <Button
              variant="ghost"
              size="sm"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(
                  { app: app.name, label: "repository" },
                  { onError: (e) => setError(errorMessage(e)) },
                )
              }
            >
              Remove repository
            </Button>
          </>
        )
      }
    >
      {repository && !editing ? (
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          <div className="sm:col-span-3">
            <dt className="text-slate-500">Location</dt>
            <dd className="break-all font-mono text-slate-800">{repository.location}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Type</dt>
            <dd>{repository.variant}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Name</dt>
            <dd>{repository.name}</dd>
          </div>
          <div>
            <dt className="text-slate-500">SSH deploy key</dt>
            <dd>{repository.hasSshKey ? "stored (encrypted)" : "none"}</dd>
          </div>
          {error && (
            <div className="sm:col-span-3">
              <Alert tone="error">{error}</Alert>
            </div>
          )}
          <div className="sm:col-span-3">
            <ConnectionTestButton
              read={() => Promise.resolve({ app: app.name, variant: repository.variant })}
            />
          </div>
        </dl>
      ) : (
        form
      )}
    </Card>
  );
}
