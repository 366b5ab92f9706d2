"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { BillingOverview } from "@/server/services/billing/get-billing-overview";
import { formatDate, formatPrice, UPGRADE_PATH } from "./format";

export type PlanSummaryCardProps = { overview: BillingOverview };

export function PlanSummaryCard({ overview }: PlanSummaryCardProps) {
  const { plan } = overview;
  return (
    <Card
      title="Your plan"
      actions={
        <Link
          href={UPGRADE_PATH}
          className="rounded-md border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50"
        >
          {plan.id === "FREE" ? "Upgrade plan" : "Change plan"}
        </Link>
      }
    >
      <div className="space-y-3 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <span className="text-xl font-semibold text-slate-900">{plan.name}</span>
          <Badge tone={plan.id === "FREE" ? "neutral" : "brand"}>{plan.id}</Badge>
          <span className="text-slate-600">{formatPrice(plan.monthlyPriceCents)} / month</span>
        </p>
        <p className="text-slate-600">
          Published apps: {overview.publishedApps} of {plan.publishedApps}. Instances of{" "}
          {plan.instanceMemoryMb} MB.
          {plan.id !== "FREE" && overview.periodEnd && ` Paid until ${formatDate(overview.periodEnd)}.`}
          {plan.id !== "FREE" &&
            ` Paid ${overview.provider === "stripe" ? "by card (Stripe)" : "by invoice"}.`}
        </p>
        {overview.pendingPlan && (
          <Alert tone="warning">
            Changes to the {overview.pendingPlan.name} plan on{" "}
            {overview.periodEnd ? formatDate(overview.periodEnd) : "the end of the period"}.
          </Alert>
        )}
      </div>
    </Card>
  );
}
