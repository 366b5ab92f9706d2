"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { authClient } from "@/lib/auth-client";

export function LogInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const username = String(data.get("username") ?? "")
      .trim()
      .toLowerCase();
    const password = String(data.get("password") ?? "");
    if (!username || !password) {
      setError("Enter your username and password.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await authClient.signIn.username({ username, password });
    if (result.error) {
      setPending(false);
      setError(
        result.error.status === 401
          ? "That username and password do not match."
          : (result.error.message ?? "Log-in failed. Try again."),
      );
      return;
    }
    router.replace("/apps");
    router.refresh();
  }

  return (
    <Card title="Log in">
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        <TextField label="Username" name="username" autoComplete="username" autoFocus />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" />
        <Button type="submit" className="w-full" loading={pending}>
          Log in
        </Button>
        <p className="text-center text-sm text-slate-600">
          New here?{" "}
          <Link href="/signup" className="font-medium text-brand-700 hover:underline">
            Create an account
          </Link>
        </p>
        <p className="text-xs text-slate-500">
          Forgot your password? A teammate can set a new one on the Account page, or start a reset with{" "}
          <code className="font-mono">
            POST /0.9/&#123;account&#125;/users/&#123;username&#125;/reset_password
          </code>
          ; the platform&apos;s operator sees the reset link.
        </p>
      </form>
    </Card>
  );
}
