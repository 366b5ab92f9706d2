import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { callerFromHeaders } from "@/server/auth/session";

export const dynamic = "force-dynamic";

/** Every dashboard page needs a signed-in user; others go to the log-in page. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const caller = await callerFromHeaders(await headers());
  if (!caller) redirect("/login");
  return (
    <AppShell username={caller.username} accountName={caller.accountName}>
      {children}
    </AppShell>
  );
}
