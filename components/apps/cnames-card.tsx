"use client";

import { useState, type FormEvent } from "react";
import { QuotaAwareAlert } from "@/components/billing/quota-aware-alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import type { AppView } from "@/server/services/apps/app-view";
import { ZCnameRecord } from "@/server/services/apps/schemas";
import { useUpdateApp } from "./use-app";

export type CnamesCardProps = { app: AppView };

export function CnamesCard({ app }: CnamesCardProps) {
  const update = useUpdateApp(app.name);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();

  function save(cnames: string[], after?: () => void) {
    setError(null);
    update.mutate(
      { name: app.name, changes: { cname_records: cnames.map((record) => ({ record })) } },
      { onSuccess: after, onError: (e) => setError(errorMessage(e)) },
    );
  }

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZCnameRecord.safeParse({ record: draft });
    if (!parsed.success) return setFieldError(parsed.error.issues[0]?.message);
    setFieldError(undefined);
    save([...app.cnames, parsed.data.record], () => setDraft(""));
  }

  return (
    <Card
      title="Custom domains"
      description={
        app.published
          ? `Routed to the app. Point each domain at ${app.dnsRecord} with a DNS CNAME record.`
          : "Custom domains need a paid plan; they are routed once the app is published."
      }
    >
      <div className="space-y-4">
        <div aria-live="polite">{error && <QuotaAwareAlert message={error} />}</div>
        {app.cnames.length > 0 && (
          <ul className="flex flex-wrap gap-2">
            {app.cnames.map((cname) => (
              <li
                key={cname}
                className="flex items-center gap-1 rounded-full bg-slate-100 py-1 pl-3 pr-1 font-mono text-sm"
              >
                {cname}
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove ${cname}`}
                  onClick={() => save(app.cnames.filter((c) => c !== cname))}
                >
                  ×
                </Button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={onAdd} noValidate className="flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1">
            <TextField
              label="Host name"
              placeholder="www.example.org"
              value={draft}
              error={fieldError}
              onChange={(e) => setDraft(e.target.value)}
            />
          </div>
          <Button type="submit" variant="secondary" loading={update.isPending}>
            Add domain
          </Button>
        </form>
      </div>
    </Card>
  );
}
