"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

export type NewTokenNoticeProps = { name: string; token: string; onDone: () => void };

/** The one time a token is visible: the server keeps only its hash. */
export function NewTokenNotice({ name, token, onDone }: NewTokenNoticeProps) {
  return (
    <Alert tone="success">
      <div className="space-y-2">
        <p>
          Token <strong>{name}</strong> created. Copy it now: it will not be shown again. Use it as the
          password of the REST API or in <code>thirty setup</code>.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <code
            aria-label="New API token"
            className="break-all rounded bg-white px-2 py-1 text-xs text-slate-900"
          >
            {token}
          </code>
          <CopyButton text={token} accessibleName="Copy the new API token" />
          <Button variant="ghost" size="sm" onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    </Alert>
  );
}
