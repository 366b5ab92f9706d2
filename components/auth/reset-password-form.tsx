"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { ZPassword } from "@/server/services/names";

export type ResetPasswordFormProps = { token: string };

export function ResetPasswordForm({ token }: ResetPasswordFormProps) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.auth.completePasswordReset.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get("password") ?? "");
    const parsed = ZPassword.safeParse(password);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Choose another password.");
    if (password !== data.get("confirm")) return setError("The two passwords differ.");
    setError(null);
    reset.mutate({ token, password }, { onError: (e) => setError(errorMessage(e)) });
  }

  if (reset.isSuccess) {
    return (
      <Card title="Password changed">
        <p className="text-sm text-slate-600">Your account is active again.</p>
        <Link href="/login" className="mt-4 inline-block font-medium text-brand-700 hover:underline">
          Log in as {reset.data.username}
        </Link>
      </Card>
    );
  }
  return (
    <Card title="Choose a new password">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {!token && <Alert tone="error">This reset link has no token. Open the link you were given.</Alert>}
        {error && <Alert tone="error">{error}</Alert>}
        <TextField
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
        />
        <TextField
          label="Repeat the new password"
          name="confirm"
          type="password"
          autoComplete="new-password"
        />
        <Button type="submit" className="w-full" loading={reset.isPending} disabled={!token}>
          Set password
        </Button>
      </form>
    </Card>
  );
}
