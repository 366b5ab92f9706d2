"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const TABS = [
  { label: "Overview", path: "" },
  { label: "Resources", path: "/resources" },
  { label: "Deploy", path: "/deploy" },
  { label: "Activity", path: "/activity" },
  { label: "Metrics", path: "/metrics" },
  { label: "Logs", path: "/logs" },
  { label: "Settings", path: "/settings" },
] as const;

export type AppTabsProps = { appName: string };

/** The app page's sections, each a URL of its own (shareable, back button works). */
export function AppTabs({ appName }: AppTabsProps) {
  const pathname = usePathname();
  const base = `/apps/${appName}`;
  const list = useRef<HTMLUListElement>(null);
  // On a phone the row scrolls sideways: bring the current tab (Logs, Settings) into view
  // instead of leaving it cut off at the edge. Only the row scrolls, never the page.
  useEffect(() => {
    const row = list.current?.parentElement;
    const current = list.current?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!row || !current) return;
    const overflow = current.offsetLeft + current.offsetWidth - (row.scrollLeft + row.clientWidth);
    if (overflow > 0) row.scrollLeft += overflow + 16;
    else if (current.offsetLeft < row.scrollLeft) row.scrollLeft = current.offsetLeft - 16;
  }, [pathname]);
  return (
    <nav
      aria-label="App sections"
      className="relative -mx-4 overflow-x-auto border-b border-slate-200 px-4 sm:mx-0 sm:px-0"
    >
      <ul ref={list} className="flex min-w-max gap-1">
        {TABS.map((tab) => {
          const href = `${base}${tab.path}`;
          const current = tab.path === "" ? pathname === base : pathname.startsWith(href);
          return (
            <li key={tab.label}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={`inline-block border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600 ${
                  current
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
