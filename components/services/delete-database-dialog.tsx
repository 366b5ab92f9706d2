"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { DatabaseView } from "@/server/services/apps/app-view";

export type DeleteDatabaseDialogProps = {
  open: boolean;
  title: string;
  database: DatabaseView;
  pending: boolean;
  error?: string;
  onConfirm: () => void;
  onClose: () => void;
};

/** Names the database that goes, and asks for its name: its data cannot come back. */
export function DeleteDatabaseDialog({
  open,
  title,
  database,
  pending,
  error,
  onConfirm,
  onClose,
}: DeleteDatabaseDialogProps) {
  const provisioned = database.provisioned;
  return (
    <ConfirmDialog
      open={open}
      title={`Delete the ${title} database ${database.name}?`}
      confirmLabel="Delete database"
      confirmText={database.name}
      pending={pending}
      error={error}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      {provisioned ? (
        <p>
          This drops the database <span className="font-mono">{database.name}</span> with all its data, and
          its user <span className="font-mono">{database.username}</span>, on the {title} server. It cannot be
          undone: make a backup first if you may need the data.
        </p>
      ) : (
        <p>
          The database <span className="font-mono">{database.name}</span> was never created on the server;
          this removes the service and its credentials.
        </p>
      )}
      <p>
        Running instances keep its credentials in their environment until the next deploy, but their
        connections to it fail from now on.
      </p>
    </ConfirmDialog>
  );
}
