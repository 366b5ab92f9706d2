"use client";

import type { ReactNode } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export type RestoreConfirmDialogProps = {
  open: boolean;
  databaseName: string;
  /** The dump, as the sentence names it: "The dump at …", "The uploaded file … (12 kB)". */
  source: ReactNode;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
};

/** The last question before a restore overwrites a database, whatever the dump came from. */
export function RestoreConfirmDialog({
  open,
  databaseName,
  source,
  pending,
  onConfirm,
  onClose,
}: RestoreConfirmDialogProps) {
  return (
    <ConfirmDialog
      open={open}
      title={`Restore into ${databaseName}?`}
      confirmLabel="Restore"
      pending={pending}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <p>
        {source} replaces the tables it holds in the database{" "}
        <span className="font-mono">{databaseName}</span> (pg_restore --clean). If it fails, nothing changes.
        Make a backup first if you may need what is there now.
      </p>
    </ConfirmDialog>
  );
}
