"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { PlanDefinition } from "@/server/services/billing/plans";
import type { TBillingDetailsParsed } from "@/server/services/billing/schemas";
import { formatDate, formatPrice } from "./format";

export type PlanChangeReviewProps = {
  plan: PlanDefinition;
  details: TBillingDetailsParsed | null;
  confirming: boolean;
  error: string | null;
  onBack: () => void;
  onConfirm: () => void;
};

/** The last step: what changes, when, for which apps, and who is billed. */
export function PlanChangeReview({
  plan,
  details,
  confirming,
  error,
  onBack,
  onConfirm,
}: PlanChangeReviewProps) {
  const trpc = useTRPC();
  const preview = useQuery(trpc.billing.preview.queryOptions({ plan: plan.id }));
  if (preview.isPending) return <Spinner label="Working out what changes" />;
  if (preview.isError) return <Alert tone="error">{errorMessage(preview.error)}</Alert>;
  const change = preview.data;
  const downgrade = change.direction === "downgrade";
  return (
    <section aria-labelledby="review-title" className="space-y-4">
      <h2 id="review-title" className="text-lg font-semibold text-slate-900">
        Review: {change.from} → {plan.name}
      </h2>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-500">Price</dt>
        <dd className="font-medium">{formatPrice(plan.monthlyPriceCents)} per month, excluding VAT</dd>
        <dt className="text-slate-500">Takes effect</dt>
        <dd className="font-medium">
          {downgrade ? `${formatDate(change.effectiveAt)}, the end of the paid period` : "Immediately"}
        </dd>
        {!downgrade && (
          <>
            <dt className="text-slate-500">Payment</dt>
            <dd>
              {change.provider === "stripe"
                ? "Card payment on Stripe's checkout page; the plan changes once it is paid."
                : "By invoice at the end of each month."}
            </dd>
          </>
        )}
        {details && (
          <>
            <dt className="text-slate-500">Billed to</dt>
            <dd>
              {details.name}, {details.address}, {details.postalCode} {details.city}, {details.country}
              {details.vatId ? ` (VAT ${details.vatId})` : ""} — {details.email}
            </dd>
          </>
        )}
      </dl>
      {downgrade && (
        <Alert tone="warning" title="What happens to your apps">
          {change.appsToUnpublish.length > 0 ? (
            <>
              <p>These apps will be unpublished on {formatDate(change.effectiveAt)}:</p>
              <ul aria-label="Apps that will be unpublished" className="mt-1 list-disc pl-5 font-medium">
                {change.appsToUnpublish.map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
              <p className="mt-1">
                They go back to the free tier: their custom domains stop being served, they run at most 3
                instances and stop automatically after each deploy.
              </p>
            </>
          ) : (
            <p>No app is published, so no app changes.</p>
          )}
        </Alert>
      )}
      {change.appsOverInstanceLimit.length > 0 && (
        <Alert tone="info" title="Instance limits">
          <ul className="list-disc pl-5">
            {change.appsOverInstanceLimit.map((app) => (
              <li key={app.name}>
                {app.name} runs {app.instances} instances; it will be limited to {app.max}.
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <div aria-live="polite">{error && <Alert tone="error">{error}</Alert>}</div>
      <div className="flex flex-wrap justify-between gap-2">
        <Button variant="secondary" onClick={onBack} disabled={confirming}>
          Back
        </Button>
        <Button variant={downgrade ? "danger" : "primary"} onClick={onConfirm} loading={confirming}>
          {downgrade ? `Confirm downgrade to ${plan.name}` : `Confirm upgrade to ${plan.name}`}
        </Button>
      </div>
    </section>
  );
}
