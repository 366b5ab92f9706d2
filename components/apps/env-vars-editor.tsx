"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CheckboxField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import type { EnvVarView } from "@/server/services/apps/env-vars";
import { ZEnvVar, type TEnvVar } from "@/server/services/apps/schemas";

export type EnvVarsEditorProps = {
  vars: EnvVarView[];
  /** Whose variables: names the inputs apart when both editors are on one page. */
  scope: "app" | "worker";
  /** Saves the whole list; secret values come back masked and are kept by the server. */
  onSave: (vars: TEnvVar[]) => Promise<unknown>;
};

export function EnvVarsEditor({ vars, scope, onSave }: EnvVarsEditorProps) {
  const of = `of a new ${scope} variable`;
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; value?: string }>({});
  const [pending, setPending] = useState(false);
  const [draft, setDraft] = useState({ name: "", value: "", secret: false });

  async function save(next: TEnvVar[]): Promise<boolean> {
    setPending(true);
    setError(null);
    try {
      await onSave(next);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setPending(false);
    }
  }

  async function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZEnvVar.safeParse(draft);
    if (!parsed.success) {
      const issues = parsed.error.issues;
      setFieldErrors({
        name: issues.find((i) => i.path[0] === "name")?.message,
        value: issues.find((i) => i.path[0] === "value")?.message,
      });
      return;
    }
    setFieldErrors({});
    // An unticked box leaves the choice to the server, which treats names like API_TOKEN as secret.
    const added = { name: parsed.data.name, value: parsed.data.value, secret: draft.secret || undefined };
    const next = [...vars.filter((v) => v.name !== parsed.data.name), added];
    if (await save(next)) setDraft({ name: "", value: "", secret: false });
  }

  return (
    <div className="space-y-4">
      <div aria-live="polite">{error && <Alert tone="error">{error}</Alert>}</div>
      {vars.length === 0 ? (
        <p className="text-sm text-slate-500">No variables yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {vars.map((v) => (
            <li key={v.name} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <div className="min-w-0 font-mono text-sm">
                <span className="font-semibold text-slate-800">{v.name}</span>
                <span className="text-slate-400"> = </span>
                <span className="break-all text-slate-600">{v.value}</span>
                {v.secret && (
                  <span className="ml-2">
                    <Badge tone="amber">secret</Badge>
                  </span>
                )}
              </div>
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove ${v.name}`}
                disabled={pending}
                onClick={() => void save(vars.filter((other) => other.name !== v.name))}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(event) => void onAdd(event)}
        noValidate
        className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      >
        <TextField
          label="Name"
          aria-label={`Name ${of}`}
          value={draft.name}
          error={fieldErrors.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
        <TextField
          label="Value"
          aria-label={`Value ${of}`}
          value={draft.value}
          error={fieldErrors.value}
          onChange={(e) => setDraft({ ...draft, value: e.target.value })}
        />
        <Button type="submit" loading={pending}>
          Add variable
        </Button>
        <div className="sm:col-span-3">
          <CheckboxField
            label="Secret"
            aria-label={`Secret ${of}`}
            hint="Stored encrypted and shown as ****. Names with PASSWORD, TOKEN or SECRET are secret anyway."
            checked={draft.secret}
            onChange={(e) => setDraft({ ...draft, secret: e.target.checked })}
          />
        </div>
      </form>
    </div>
  );
}
