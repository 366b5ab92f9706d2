"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { AppView } from "@/server/services/apps/app-view";

export type DeleteAppDialogProps = { app: AppView };

/** What goes with the app, named so nobody deletes more than they meant to. */
function removals(app: AppView): string[] {
  const items: string[] = [];
  if (app.repository) {
    items.push(
      app.repository.sharedWithApps > 1
        ? `the link to repository ${app.repository.name} (kept: other apps use it)`
        : `repository ${app.repository.name}`,
    );
  }
  if (app.postgres) items.push(`PostgreSQL database ${app.postgres.name}`);
  if (app.mongodb) items.push(`MongoDB database ${app.mongodb.name}`);
  if (app.worker)
    items.push(`the worker (${app.worker.instances} instance${app.worker.instances === 1 ? "" : "s"})`);
  if (app.envvars.length > 0) items.push(`${app.envvars.length} environment variables`);
  return items;
}

export function DeleteAppDialog({ app }: DeleteAppDialogProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  // Navigation lives here, not in mutate()'s callbacks: the app's page learns at once that the
  // app is gone and unmounts this dialog, and mutate()'s callbacks do not run after unmount.
  const remove = useMutation(
    trpc.apps.delete.mutationOptions({
      onSuccess: ({ logbookId }) => {
        // The deletion runs as an action: its logbook shows it stopping and removing things.
        router.push(`/logbook/${logbookId}`);
        void queryClient.invalidateQueries({ queryKey: trpc.apps.list.queryKey() });
      },
    }),
  );
  const items = removals(app);

  function onConfirm() {
    remove.mutate({ name: app.name }, { onSuccess: () => setOpen(false) });
  }

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete app
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete ${app.name}?`}
        confirmLabel="Delete app"
        confirmText={app.name}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : undefined}
        onConfirm={onConfirm}
        onClose={() => setOpen(false)}
      >
        <p>
          This stops and removes the app {app.name}: its running instances, workers and cron jobs, its files
          and its configuration. Its queued actions are cancelled. It cannot be undone.
        </p>
        {items.length > 0 && (
          <>
            <p>Removed with it:</p>
            <ul className="list-disc pl-5">
              {items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
