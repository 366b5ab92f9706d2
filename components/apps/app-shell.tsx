"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { AppHeader } from "./app-header";
import { AppTabs } from "./app-tabs";
import { useApp } from "./use-app";

export type AppShellProps = { name: string; children: ReactNode };

/**
 * Every page of an app: its header and tabs, then the tab. Holds the page's one live
 * subscription; the tabs read the same query without opening another.
 */
export function AppShell({ name, children }: AppShellProps) {
  const app = useApp(name);
  if (app.isPending) {
    return (
      <div className="flex items-center gap-2 text-sm text-slate-500">
        <Spinner label="Loading app" /> Loading {name}…
      </div>
    );
  }
  if (app.isError) {
    const missing = (app.error as { data?: { code?: string } }).data?.code === "NOT_FOUND";
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold text-slate-900">
          {missing ? "App not found" : "Could not load the app"}
        </h1>
        <Alert tone={missing ? "info" : "error"}>
          {missing ? `There is no app named ${name} in your account.` : errorMessage(app.error)}
        </Alert>
        <Link href="/apps" className="text-sm font-medium text-brand-700 hover:underline">
          Back to your apps
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <AppHeader app={app.data} />
      <AppTabs appName={name} />
      {children}
    </div>
  );
}
