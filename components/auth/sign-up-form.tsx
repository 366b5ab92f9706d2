"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { applyServerError, useZodForm } from "@/components/ui/use-zod-form";
import { authClient } from "@/lib/auth-client";
import { useTRPC } from "@/lib/trpc/react";
import { ZSignUpRequest } from "@/server/services/accounts/schemas";

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const status = useQuery(trpc.auth.signupStatus.queryOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const form = useZodForm(ZSignUpRequest, {
    defaultValues: { account: "", username: "", email: "", password: "" },
  });
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await signUp.mutateAsync(values);
    } catch (error) {
      setFormError(applyServerError(form, error));
      return;
    }
    const signedIn = await authClient.signIn.username({
      username: values.username,
      password: values.password,
    });
    if (signedIn.error) {
      setFormError(
        `Your account was created, but signing in failed (${signedIn.error.message ?? "unknown error"}). Log in to continue.`,
      );
      return;
    }
    router.replace("/apps");
    router.refresh();
  });

  if (status.data && !status.data.open) {
    return (
      <Card title="Sign-up is closed">
        <p className="text-sm text-slate-600">
          This platform does not accept new accounts. Ask its operator, or a member of an existing account, to
          add you.
        </p>
        <p className="mt-4 text-sm">
          <Link href="/login" className="font-medium text-brand-700 hover:underline">
            Log in instead
          </Link>
        </p>
      </Card>
    );
  }

  return (
    <Card title="Create your account" description="An account is your team: its apps and its users.">
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label="Account name"
          autoComplete="organization"
          hint="Lowercase letters, digits and hyphens. Apps get host names like blog-acme.localhost."
          error={errors.account?.message}
          {...form.register("account")}
        />
        <TextField
          label="Username"
          autoComplete="username"
          hint="Lowercase letters, digits and hyphens; you log in with it."
          error={errors.username?.message}
          {...form.register("username")}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          error={errors.email?.message}
          {...form.register("email")}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          error={errors.password?.message}
          {...form.register("password")}
        />
        <Button type="submit" className="w-full" loading={isSubmitting}>
          Create account
        </Button>
        <p className="text-center text-sm text-slate-600">
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-brand-700 hover:underline">
            Log in
          </Link>
        </p>
      </form>
    </Card>
  );
}
