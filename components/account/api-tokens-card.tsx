"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { ZTokenName } from "@/server/services/api-tokens/schemas";
import { NewTokenNotice } from "./new-token-notice";
import { useApiTokens } from "./use-api-tokens";
import { localDateTime } from "@/lib/local-clock";

function when(date: Date | null): string {
  return date ? localDateTime(date) : "never";
}

export function ApiTokensCard() {
  const { tokens, create, revoke } = useApiTokens();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = ZTokenName.safeParse(String(new FormData(form).get("name") ?? ""));
    if (!parsed.success) return setNameError(parsed.error.issues[0]?.message);
    setNameError(undefined);
    setError(null);
    create.mutate(
      { name: parsed.data },
      {
        onSuccess: (answer) => {
          form.reset();
          setCreated({ name: answer.name, token: answer.token });
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  }

  return (
    <Card
      title="API tokens"
      description="Personal tokens work as your password for the REST API and the thirty client. Revoke one and it stops working at once."
    >
      <div className="space-y-4">
        <div aria-live="polite">
          {created && <NewTokenNotice {...created} onDone={() => setCreated(null)} />}
          {error && <Alert tone="error">{error}</Alert>}
        </div>
        {tokens.isPending && <Spinner label="Loading tokens" />}
        {tokens.isError && <Alert tone="error">{errorMessage(tokens.error)}</Alert>}
        {tokens.data && tokens.data.length === 0 && <p className="text-sm text-slate-500">No tokens yet.</p>}
        {tokens.data && tokens.data.length > 0 && (
          <ul className="-mx-4 divide-y divide-slate-100 sm:-mx-6">
            {tokens.data.map((token) => (
              <li
                key={token.name}
                className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6"
              >
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{token.name}</p>
                  <p className="text-sm text-slate-500">
                    Created {when(token.createdAt)} · last used {when(token.lastUsedAt)}
                  </p>
                </div>
                <Button
                  variant="danger"
                  size="sm"
                  aria-label={`Revoke token ${token.name}`}
                  loading={revoke.isPending && revoke.variables?.name === token.name}
                  onClick={() =>
                    revoke.mutate({ name: token.name }, { onError: (e) => setError(errorMessage(e)) })
                  }
                >
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={onCreate} noValidate className="flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1">
            <TextField label="New token name" name="name" autoComplete="off" error={nameError} />
          </div>
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </form>
      </div>
    </Card>
  );
}
