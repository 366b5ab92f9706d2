"use client";

import { Badge } from "@/components/ui/badge";
import type { PlanDefinition, PlanId } from "@/server/services/billing/plans";
import { formatPrice } from "./format";

export type PlanComparisonProps = {
  plans: PlanDefinition[];
  current: PlanId;
  selected: PlanId;
  onSelect: (plan: PlanId) => void;
  freeTierMaxInstances: number;
};

/** The plans side by side; a radio group, so the keyboard's arrow keys move between them. */
export function PlanComparison({
  plans,
  current,
  selected,
  onSelect,
  freeTierMaxInstances,
}: PlanComparisonProps) {
  return (
    <fieldset>
      <legend className="sr-only">Choose a plan</legend>
      <div className="grid gap-4 md:grid-cols-3">
        {plans.map((plan) => {
          const checked = plan.id === selected;
          return (
            <label
              key={plan.id}
              className={`relative flex cursor-pointer flex-col rounded-lg border bg-white p-4 shadow-sm ${checked ? "border-brand-600 ring-1 ring-brand-600" : "border-slate-200 hover:border-slate-300"}`}
            >
              <span className="flex items-center justify-between gap-2">
                <span className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="plan"
                    value={plan.id}
                    checked={checked}
                    onChange={() => onSelect(plan.id)}
                    className="h-4 w-4 border-slate-300 text-brand-600 focus:ring-brand-500"
                    aria-describedby={`plan-${plan.id}-summary`}
                  />
                  <span className="text-lg font-semibold text-slate-900">{plan.name}</span>
                </span>
                {plan.id === current && <Badge tone="green">Current plan</Badge>}
              </span>
              <span className="mt-1 text-2xl font-bold text-slate-900">
                {formatPrice(plan.monthlyPriceCents)}
                <span className="text-sm font-normal text-slate-500"> / month</span>
              </span>
              <span id={`plan-${plan.id}-summary`} className="mt-1 text-sm text-slate-600">
                {plan.summary}
              </span>
              <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
                <dt className="text-slate-500">Instance size</dt>
                <dd className="font-medium text-slate-800">{plan.instanceMemoryMb} MB</dd>
                <dt className="text-slate-500">Published apps</dt>
                <dd className="font-medium text-slate-800">{plan.publishedApps || "none"}</dd>
                <dt className="text-slate-500">Instances per app</dt>
                <dd className="font-medium text-slate-800">
                  {plan.publishedApps
                    ? `${plan.publishedAppMaxInstances} published, ${freeTierMaxInstances} free tier`
                    : freeTierMaxInstances}
                </dd>
              </dl>
              <ul className="mt-3 space-y-1 text-sm text-slate-700">
                {plan.features.map((feature) => (
                  <li key={feature} className="flex gap-2">
                    <span aria-hidden className="text-brand-600">
                      ✓
                    </span>
                    {feature}
                  </li>
                ))}
              </ul>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
