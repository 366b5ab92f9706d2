"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

export function AccountCard() {
  const trpc = useTRPC();
  const account = useQuery(trpc.account.get.queryOptions());
  if (account.isPending) return <Spinner label="Loading account" />;
  if (account.isError) return <Alert tone="error">{errorMessage(account.error)}</Alert>;
  const view = account.data;
  return (
    <Card title={`Account ${view.name}`} description={`Created ${view.createdAt.toLocaleDateString()}`}>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div className="space-y-1 text-sm">
          <p>
            Plan <Badge tone={view.plan === "FREE" ? "neutral" : "brand"}>{view.plan}</Badge>
          </p>
          <p className="text-slate-500">
            Unpublished apps run on the free tier. A paid plan lets you publish apps, which lifts its limits:{" "}
            <Link href="/billing" className="font-medium text-brand-700 underline">
              see billing and usage
            </Link>
            .
          </p>
        </div>
        <a
          href={view.planUpgradeUri}
          className="rounded-md border border-brand-600 px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50"
        >
          Upgrade plan
        </a>
      </div>
    </Card>
  );
}
