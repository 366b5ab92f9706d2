"use client";

import { ActionHistory } from "@/components/actions/action-history";
import { ReleasesCard } from "../releases-card";

export function ActivityTab({ name }: { name: string }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ActionHistory appName={name} />
      <ReleasesCard appName={name} />
    </div>
  );
}
