"use client";

import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { formatBytes } from "@/lib/format/bytes";
import { DUMP_MAGIC, dumpFileProblem } from "@/server/services/databases/uploads/dump-file-rule";
import { RestoreConfirmDialog } from "./restore-confirm-dialog";
import { useDumpUpload } from "./use-dump-upload";

export type RestoreFromFileProps = {
  appName: string;
  databaseName: string;
  maxUploadBytes: number;
  /** Queues the restore of an uploaded file; `done` runs once the request settled (true when queued). */
  onRestore: (uploadId: string, done: (queued: boolean) => void) => void;
  pending: boolean;
};

/** Why a chosen file cannot be a dump worth sending, judged in the browser before any upload. */
async function fileProblem(file: File, maxBytes: number): Promise<string | null> {
  const start = new Uint8Array(await file.slice(0, DUMP_MAGIC.length).arrayBuffer());
  // latin1, as the server reads it: one character per byte.
  const head = String.fromCharCode(...start);
  return dumpFileProblem({ sizeBytes: file.size, head, maxBytes });
}

/**
 * "Restore from a file" on the database card: choose a dump, upload it with its progress shown,
 * confirm (the dialog names the database it overwrites), and the restore is queued.
 */
export function RestoreFromFile({
  appName,
  databaseName,
  maxUploadBytes,
  onRestore,
  pending,
}: RestoreFromFileProps) {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const upload = useDumpUpload(appName);
  const progressId = useId();
  const state = upload.state;
  const uploading = state.phase === "uploading";

  const close = () => {
    upload.cancel();
    setFile(null);
    setProblem(null);
    setOpen(false);
  };

  if (!open)
    return (
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        Restore from a file
      </Button>
    );

  const percent = uploading && state.total > 0 ? Math.floor((state.loaded / state.total) * 100) : 0;
  return (
    <section
      aria-label="Restore from a file"
      className="w-full space-y-3 rounded-md border border-slate-200 p-3"
    >
      <TextField
        type="file"
        // Opened by a click on "Restore from a file": the file input is where the user goes next.
        autoFocus
        label="Dump file (pg_dump -Fc)"
        accept=".dump,.backup,.pgdump,application/octet-stream"
        hint={`A pg_dump custom-format archive (pg_dump -Fc), at most ${formatBytes(maxUploadBytes)}.`}
        error={problem ?? undefined}
        disabled={uploading}
        onChange={(event) => {
          const chosen = event.target.files?.[0] ?? null;
          upload.reset();
          setFile(chosen);
          setProblem(null);
          if (chosen) void fileProblem(chosen, maxUploadBytes).then(setProblem);
        }}
      />
      {file && (
        <p className="text-slate-600">
          <span className="break-all font-mono text-xs">{file.name}</span>{" "}
          <span data-testid="upload-size">{formatBytes(file.size)}</span>
        </p>
      )}
      {uploading && (
        <div className="space-y-1">
          <div
            id={progressId}
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-2 w-full overflow-hidden rounded bg-slate-100"
          >
            <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <p className="text-xs text-slate-600" aria-live="polite">
            Uploading… {percent}% ({formatBytes(state.loaded)} of {formatBytes(state.total)})
          </p>
        </div>
      )}
      {state.phase === "failed" && <Alert tone="error">{state.error}</Alert>}
      {state.phase === "uploaded" && (
        <Alert tone="success">
          Uploaded {formatBytes(state.size)}. It waits an hour for its restore, then it is removed.
        </Alert>
      )}
      <div className="flex flex-wrap gap-2">
        {state.phase === "uploaded" ? (
          <Button variant="danger" size="sm" loading={pending} onClick={() => setConfirming(true)}>
            Restore this file
          </Button>
        ) : (
          <Button
            variant="secondary"
            size="sm"
            disabled={!file || problem !== null || uploading}
            loading={uploading}
            onClick={() => {
              if (file) upload.start(file);
            }}
          >
            Upload
          </Button>
        )}
        <Button variant="ghost" size="sm" onClick={close}>
          {uploading ? "Cancel upload" : "Close"}
        </Button>
      </div>
      <RestoreConfirmDialog
        open={confirming && state.phase === "uploaded"}
        databaseName={databaseName}
        source={
          <>
            The uploaded file <span className="break-all font-mono">{file?.name}</span> (
            {state.phase === "uploaded" ? formatBytes(state.size) : ""})
          </>
        }
        pending={pending}
        onConfirm={() => {
          if (state.phase !== "uploaded") return;
          onRestore(state.uploadId, (queued) => {
            setConfirming(false);
            if (queued) close();
          });
        }}
        onClose={() => setConfirming(false)}
      />
    </section>
  );
}
