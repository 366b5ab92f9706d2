"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { applyServerError, useZodForm } from "@/components/ui/use-zod-form";
import { ZCreateUserRequest } from "@/server/services/accounts/schemas";
import { useAccountUsers } from "./use-account";

export function AddUserForm() {
  const { create } = useAccountUsers();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const form = useZodForm(ZCreateUserRequest, { defaultValues: { username: "", email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(null);
    try {
      await create.mutateAsync(values);
      form.reset();
      setMessage({ tone: "success", text: `${values.username} can now log in.` });
    } catch (error) {
      const text = applyServerError(form, error);
      if (text) setMessage({ tone: "error", text });
    }
  });

  return (
    <Card title="Add a user" description="Everyone in the account can manage its apps and users.">
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-4">
        <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            label="New username"
            autoComplete="off"
            error={errors.username?.message}
            {...form.register("username")}
          />
          <TextField
            label="New user's email"
            type="email"
            autoComplete="off"
            error={errors.email?.message}
            {...form.register("email")}
          />
          <TextField
            label="Initial password"
            type="password"
            autoComplete="new-password"
            error={errors.password?.message}
            {...form.register("password")}
          />
        </div>
        <div className="flex justify-end">
          <Button type="submit" loading={isSubmitting}>
            Add user
          </Button>
        </div>
      </form>
    </Card>
  );
}
