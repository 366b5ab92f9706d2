"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { PlanId } from "@/server/services/billing/plans";
import type { TBillingDetailsParsed } from "@/server/services/billing/schemas";
import { BillingDetailsForm } from "./billing-details-form";
import { formatDate } from "./format";
import { PlanChangeReview } from "./plan-change-review";
import { PlanComparison } from "./plan-comparison";

type Step = "plans" | "details" | "review" | "done";
const STEPS: { id: Step; label: string }[] = [
  { id: "plans", label: "Choose a plan" },
  { id: "details", label: "Billing details" },
  { id: "review", label: "Review and confirm" },
];

/** Compare plans → billing details (upgrades) → review → confirm, on one page. */
export function UpgradeFlow() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const overview = useQuery(trpc.billing.overview.queryOptions());
  const [step, setStep] = useState<Step>("plans");
  const [selected, setSelected] = useState<PlanId | null>(null);
  const [details, setDetails] = useState<TBillingDetailsParsed | null>(null);
  // One key per confirmation: a double click or a retried request changes the plan once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const change = useMutation(
    trpc.billing.changePlan.mutationOptions({
      onSuccess: async (result) => {
        if (result.status === "redirect") {
          window.location.assign(result.url);
          return;
        }
        await queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.account.pathKey() });
        setStep("done");
      },
    }),
  );

  if (overview.isPending) return <Spinner label="Loading plans" />;
  if (overview.isError) return <Alert tone="error">{errorMessage(overview.error)}</Alert>;
  const view = overview.data;
  const planId = selected ?? view.pendingPlan?.id ?? view.plan.id;
  const plan = view.plans.find((p) => p.id === planId) ?? view.plan;
  const isUpgrade = plan.monthlyPriceCents > view.plan.monthlyPriceCents;
  const same = plan.id === view.plan.id;

  if (step === "done" && change.data) {
    const result = change.data;
    return (
      <Card title="Plan changed">
        <div className="space-y-3 text-sm">
          <Alert
            tone="success"
            title={result.status === "scheduled" ? "Downgrade scheduled" : `You are on the ${plan.name} plan`}
          >
            {result.status === "scheduled"
              ? `Your apps keep their current plan until ${formatDate(result.effectiveAt)}; then the ${plan.name} plan applies.`
              : result.status === "unchanged"
                ? `You stay on the ${plan.name} plan.`
                : "The new limits apply now. Publish an app from its page to serve it on your own domains."}
          </Alert>
          <div className="flex flex-wrap gap-3">
            <Link href="/apps" className="font-medium text-brand-700 underline">
              Go to your apps
            </Link>
            <Link href="/billing" className="font-medium text-brand-700 underline">
              See billing and usage
            </Link>
          </div>
        </div>
      </Card>
    );
  }

  return (
    <div className="space-y-6">
      <ol aria-label="Steps" className="flex flex-wrap gap-2 text-sm">
        {STEPS.filter((s) => s.id !== "details" || isUpgrade).map((s, i) => (
          <li
            key={s.id}
            aria-current={s.id === step ? "step" : undefined}
            className={`rounded-full px-3 py-1 ${s.id === step ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600"}`}
          >
            {i + 1}. {s.label}
          </li>
        ))}
      </ol>
      {view.pendingPlan && (
        <Alert tone="info">
          A change to the {view.pendingPlan.name} plan is scheduled for{" "}
          {view.periodEnd ? formatDate(view.periodEnd) : "the end of the period"}. Choose {view.plan.name} to
          keep your current plan.
        </Alert>
      )}
      {step === "plans" && (
        <Card
          title="Compare plans"
          description="Prices per month, excluding VAT. Upgrades apply at once; downgrades at the end of the paid period."
        >
          <div className="space-y-4">
            <PlanComparison
              plans={view.plans}
              current={view.plan.id}
              selected={plan.id}
              onSelect={(id) => setSelected(id)}
              freeTierMaxInstances={view.freeTier.maxInstances}
            />
            <div className="flex justify-end">
              <Button
                disabled={same && !view.pendingPlan}
                onClick={() => setStep(isUpgrade ? "details" : "review")}
              >
                {same
                  ? view.pendingPlan
                    ? `Keep the ${plan.name} plan`
                    : "This is your plan"
                  : `Continue with ${plan.name}`}
              </Button>
            </div>
          </div>
        </Card>
      )}
      {step === "details" && (
        <Card title="Billing details" description="Invoices are made out to these details.">
          <BillingDetailsForm
            defaults={details ?? (view.profile ? { ...view.profile, vatId: view.profile.vatId ?? "" } : null)}
            onBack={() => setStep("plans")}
            onSubmit={(parsed) => {
              setDetails(parsed);
              setIdempotencyKey(crypto.randomUUID());
              setStep("review");
            }}
          />
        </Card>
      )}
      {step === "review" && (
        <Card>
          <PlanChangeReview
            plan={plan}
            details={isUpgrade ? details : null}
            confirming={change.isPending}
            error={change.isError ? errorMessage(change.error) : null}
            onBack={() => setStep(isUpgrade ? "details" : "plans")}
            onConfirm={() =>
              change.mutate({
                plan: plan.id,
                details: isUpgrade ? (details ?? undefined) : undefined,
                idempotencyKey,
              })
            }
          />
        </Card>
      )}
    </div>
  );
}
