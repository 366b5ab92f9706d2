"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { authClient } from "@/lib/auth-client";

export type AppShellProps = { username: string; accountName: string; children: ReactNode };

const NAV = [
  { href: "/apps", label: "Apps" },
  { href: "/billing", label: "Billing" },
  { href: "/account", label: "Account" },
];

export function AppShell({ username, accountName, children }: AppShellProps) {
  const pathname = usePathname();
  const router = useRouter();
  const [signingOut, setSigningOut] = useState(false);

  async function logOut() {
    setSigningOut(true);
    await authClient.signOut();
    router.replace("/login");
    router.refresh();
  }

  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <div className="flex items-center gap-6">
            <Link href="/apps" className="flex items-center gap-2 font-bold text-slate-900">
              <span
                aria-hidden
                className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-xs text-white"
              >
                30
              </span>
              thirtyloops
            </Link>
            <nav aria-label="Main" className="flex gap-1">
              {NAV.map((item) => {
                const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
                return (
                  <Link
                    key={item.href}
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
                  >
                    {item.label}
                  </Link>
                );
              })}
            </nav>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-500">
              <span className="font-medium text-slate-800">{username}</span>
              <span aria-hidden> @ </span>
              <span className="sr-only"> in account </span>
              <span className="font-medium text-slate-800">{accountName}</span>
            </span>
            <button
              type="button"
              onClick={() => void logOut()}
              disabled={signingOut}
              className="rounded-md px-3 py-1.5 font-medium text-slate-600 hover:bg-slate-100 disabled:opacity-60"
            >
              {signingOut ? "Logging out…" : "Log out"}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
