"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { ConnectionTestButton } from "@/components/services/connection-test-button";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { applyServerError, useZodForm } from "@/components/ui/use-zod-form";
import { useTRPC } from "@/lib/trpc/react";
import { ZAppVariant, ZInstances, ZRepoCommit } from "@/server/services/apps/schemas";
import { ZAppName } from "@/server/services/names";
import { ZRepositoryLocation, ZRepositoryVariant } from "@/server/services/repositories/schemas";
import { readKeyFile } from "./read-key-file";

// The form's fields, checked with the server's own field schemas.
const ZCreateAppForm = z.object({
  name: ZAppName,
  variant: ZAppVariant,
  region: z.string(),
  instances: z.coerce.number<string | number>().pipe(ZInstances),
  repo_commit: ZRepoCommit,
  location: z.union([z.literal(""), ZRepositoryLocation]),
  repositoryVariant: ZRepositoryVariant,
  database: z.boolean(),
});

export function CreateAppForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const regions = useQuery(trpc.apps.regions.queryOptions());
  const create = useMutation(trpc.apps.create.mutationOptions());
  const [keyFile, setKeyFile] = useState<File | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useZodForm(ZCreateAppForm, {
    defaultValues: {
      name: "",
      variant: "python",
      region: "",
      instances: 1,
      repo_commit: "HEAD",
      location: "",
      repositoryVariant: "git",
      database: true,
    },
  });
  const { errors, isSubmitting } = form.formState;

  /** What Test connection sends: the location, type, key and ref as typed (checked first). */
  async function readForTest() {
    const valid = await form.trigger(["location", "repo_commit"]);
    const values = form.getValues();
    if (!values.location) {
      const message = "Enter the repository's location to test it.";
      form.setError("location", { message });
      return message;
    }
    if (!valid) return "Fix the repository location first.";
    return {
      variant: values.repositoryVariant,
      location: values.location,
      ref: values.repo_commit,
      ssh_key: await readKeyFile(keyFile),
    };
  }

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    const sshKey = await readKeyFile(keyFile);
    try {
      const app = await create.mutateAsync({
        name: values.name,
        variant: values.variant,
        region: values.region || undefined,
        instances: values.instances,
        repo_commit: values.repo_commit,
        database: values.database,
        repository: values.location
          ? { location: values.location, variant: values.repositoryVariant, ssh_key: sshKey }
          : undefined,
      });
      await queryClient.invalidateQueries({ queryKey: trpc.apps.list.queryKey() });
      router.push(`/apps/${app.name}`);
    } catch (error) {
      const message = applyServerError(form, error);
      const keyIssue = (
        error as { data?: { issues?: { path: string; message: string }[] } }
      ).data?.issues?.find((i) => i.path.includes("ssh_key"));
      setFormError(keyIssue ? `SSH deploy key: ${keyIssue.message}` : message);
    }
  });

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">New app</h1>
        <p className="text-sm text-slate-500">
          Configure it now; deploying it fetches the code from the repository.
        </p>
      </div>
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-6">
        {formError && <Alert tone="error">{formError}</Alert>}
        <Card title="App">
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="sm:col-span-2">
              <TextField
                label="App name"
                hint="Lowercase letters, digits and hyphens; part of the app's host name."
                error={errors.name?.message}
                {...form.register("name")}
              />
            </div>
            <SelectField
              label="Variant"
              options={[
                { value: "python", label: "Python (WSGI or Django)" },
                { value: "static", label: "Static files" },
              ]}
              {...form.register("variant")}
            />
            <SelectField
              label="Region"
              options={(regions.data ?? []).map((r) => ({ value: r, label: r }))}
              {...form.register("region")}
            />
            <TextField
              label="Instances"
              type="number"
              min={0}
              max={3}
              inputMode="numeric"
              hint="Free tier: up to 3."
              error={errors.instances?.message}
              {...form.register("instances")}
            />
            <TextField
              label="Branch, tag or commit"
              hint="HEAD deploys the default branch."
              error={errors.repo_commit?.message}
              {...form.register("repo_commit")}
            />
          </div>
        </Card>
        <Card title="Repository" description="Where the code comes from. You can add it later too.">
          <div className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-3">
              <div className="sm:col-span-2">
                <TextField
                  label="Repository location"
                  placeholder="https://github.com/you/app.git"
                  hint="Any URL git or mercurial understands, user@host:path, or a local path. Passwords in URLs are stored encrypted."
                  error={errors.location?.message}
                  {...form.register("location")}
                />
              </div>
              <SelectField
                label="Repository type"
                options={[
                  { value: "git", label: "git" },
                  { value: "mercurial", label: "mercurial" },
                ]}
                {...form.register("repositoryVariant")}
              />
              <div className="sm:col-span-3 space-y-1">
                <label htmlFor="ssh-key" className="block text-sm font-medium text-slate-700">
                  SSH deploy key
                </label>
                <input
                  id="ssh-key"
                  type="file"
                  aria-describedby="ssh-key-hint"
                  onChange={(event) => setKeyFile(event.target.files?.[0])}
                  className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
                />
                <p id="ssh-key-hint" className="text-xs text-slate-500">
                  Optional: a password-less private key with read access. It is stored encrypted and never
                  shown again.
                </p>
              </div>
            </div>
            <ConnectionTestButton read={readForTest} />
          </div>
        </Card>
        <Card title="Services">
          <CheckboxField
            label="Create a PostgreSQL database"
            hint="Its credentials reach the app as DATABASE_URL."
            {...form.register("database")}
          />
        </Card>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => router.back()}>
            Cancel
          </Button>
          <Button type="submit" loading={isSubmitting}>
            Create app
          </Button>
        </div>
      </form>
    </div>
  );
}
