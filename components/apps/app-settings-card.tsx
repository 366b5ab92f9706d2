"use client";

import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { applyServerError, useZodForm } from "@/components/ui/use-zod-form";
import type { AppView } from "@/server/services/apps/app-view";
import { ZAppVariant, ZInstances, ZRepoCommit } from "@/server/services/apps/schemas";
import { useUpdateApp } from "./use-app";

const ZSettingsForm = z.object({
  instances: z.coerce.number<string | number>().pipe(ZInstances),
  repo_commit: ZRepoCommit,
  variant: ZAppVariant,
});

export type AppSettingsCardProps = { app: AppView };

export function AppSettingsCard({ app }: AppSettingsCardProps) {
  const update = useUpdateApp(app.name);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const form = useZodForm(ZSettingsForm, {
    defaultValues: { instances: app.instances, repo_commit: app.repoCommit, variant: app.variant },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(null);
    try {
      await update.mutateAsync({ name: app.name, changes: values });
      form.reset(values);
      setMessage({ tone: "success", text: "Settings saved. The next deploy or scale applies them." });
    } catch (error) {
      const text = applyServerError(form, error, "changes.");
      if (text) setMessage({ tone: "error", text });
    }
  });

  return (
    <Card title="Settings" description="Configuration only: a deploy or scale applies it.">
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-4">
        <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
        <div className="grid gap-4 sm:grid-cols-3 sm:items-end">
          <TextField
            label="Instances"
            type="number"
            min={0}
            inputMode="numeric"
            error={errors.instances?.message}
            {...form.register("instances")}
          />
          <TextField
            label="Branch, tag or commit"
            error={errors.repo_commit?.message}
            {...form.register("repo_commit")}
          />
          <SelectField
            label="Variant"
            options={[
              { value: "python", label: "python" },
              { value: "static", label: "static" },
            ]}
            {...form.register("variant")}
          />
        </div>
        <div className="flex justify-end">
          <Button type="submit" loading={isSubmitting}>
            Save settings
          </Button>
        </div>
      </form>
    </Card>
  );
}
