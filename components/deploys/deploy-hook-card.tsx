"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

export type DeployHookCardProps = { appName: string };

/** A read-only value with a Copy button (the URL and the secret a forge's form asks for). */
function CopyField({ label, value, secret }: { label: string; value: string; secret?: boolean }) {
  const id = useId();
  const [shown, setShown] = useState(!secret);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={id}
          readOnly
          type={shown ? "text" : "password"}
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm"
        />
        {secret && (
          <Button variant="secondary" size="sm" onClick={() => setShown((s) => !s)} aria-controls={id}>
            {shown ? "Hide secret" : "Show secret"}
          </Button>
        )}
        <CopyButton text={value} accessibleName={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}

/** The app's deploy hook: where a forge sends push events, the secret that signs them, rotation. */
export function DeployHookCard({ appName }: DeployHookCardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hook = useQuery(trpc.deployHooks.get.queryOptions({ app: appName }));
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const rotate = useMutation(
    trpc.deployHooks.rotate.mutationOptions({
      onSuccess: (view) => {
        queryClient.setQueryData(trpc.deployHooks.get.queryKey({ app: appName }), view);
        setConfirming(false);
        setNotice("A new secret is in place: update it in your forge's webhook settings.");
      },
    }),
  );
  const branch = hook.data?.branch;
  return (
    <Card
      title="Deploy hook"
      description="Deploy on push: add this URL as a webhook (push events) in GitHub, GitLab or Gitea."
    >
      {hook.isPending ? (
        <p className="flex items-center gap-2 text-sm text-slate-500">
          <Spinner label="Loading the deploy hook" /> Loading…
        </p>
      ) : hook.isError ? (
        <Alert tone="error">{errorMessage(hook.error)}</Alert>
      ) : (
        <div className="space-y-4">
          <CopyField label="Payload URL" value={hook.data.url} />
          <CopyField label="Secret" value={hook.data.secret} secret />
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
            <li>
              GitHub and Gitea: content type <span className="font-mono">application/json</span>, the secret
              in <em>Secret</em>; they sign each event with it.
            </li>
            <li>
              GitLab: the secret in <em>Secret token</em>, trigger on push events.
            </li>
            <li>
              {branch === "HEAD"
                ? "A push to the repository's default branch"
                : `A push to ${branch ?? "the app's branch"}`}{" "}
              deploys (the branch is repo_commit under Settings); other branches and tags are ignored.
            </li>
          </ul>
          <div aria-live="polite">{notice && <Alert tone="success">{notice}</Alert>}</div>
          <Button
            variant="secondary"
            onClick={() => {
              setNotice(null);
              rotate.reset();
              setConfirming(true);
            }}
          >
            Rotate secret
          </Button>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title="Rotate the deploy hook's secret?"
        confirmLabel="Rotate secret"
        pending={rotate.isPending}
        error={rotate.error ? errorMessage(rotate.error) : undefined}
        onConfirm={() => rotate.mutate({ app: appName })}
        onClose={() => setConfirming(false)}
      >
        <p>
          Push events signed with the current secret will be refused from now on. Paste the new secret into
          your forge&apos;s webhook settings afterwards.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
