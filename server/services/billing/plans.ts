import type { PrismaTypes } from "@/server/db/client";

export type PlanId = PrismaTypes.$Enums.Plan;

/**
 * Every plan the platform sells, defined once: the dashboard, the REST API, the quota checks
 * and the invoices all read this table. Prices are in cents, excluding VAT.
 */
export type PlanDefinition = {
  id: PlanId;
  name: string;
  monthlyPriceCents: number;
  currency: "EUR";
  /** Memory of one instance: the runtime's memory limit and the invoice item ("Instance 256MB"). */
  instanceMemoryMb: number;
  /** Apps of the account that may be published (0: publishing needs another plan). */
  publishedApps: number;
  /** Instances a published app (and its worker) may run. */
  publishedAppMaxInstances: number;
  /** Paid instance-hours the monthly price includes; beyond that, `extraInstanceHourCents` each. */
  includedInstanceHours: number;
  extraInstanceHourCents: number;
  summary: string;
  features: string[];
};

/** What every unpublished app gets, whatever the plan (spec/platform.md "Free tier"). */
export const FREE_TIER = {
  maxInstances: 3,
  defaultStopAfterMs: 6 * 60 * 60 * 1000,
} as const;

export const PLANS: Record<PlanId, PlanDefinition> = {
  FREE: {
    id: "FREE",
    name: "Free",
    monthlyPriceCents: 0,
    currency: "EUR",
    instanceMemoryMb: 256,
    publishedApps: 0,
    publishedAppMaxInstances: FREE_TIER.maxInstances,
    includedInstanceHours: 0,
    extraInstanceHourCents: 0,
    summary: "Try things out: apps stop 6 hours after their last deploy.",
    features: [
      "Unlimited free-tier apps",
      "At most 3 instances per app",
      "Apps stop 6 hours after their last deploy",
      "Only the platform's own host name, no custom domains",
    ],
  },
  STANDARD: {
    id: "STANDARD",
    name: "Standard",
    monthlyPriceCents: 1900,
    currency: "EUR",
    instanceMemoryMb: 512,
    publishedApps: 3,
    publishedAppMaxInstances: 10,
    includedInstanceHours: 2200,
    extraInstanceHourCents: 2,
    summary: "Go live with a few apps on your own domains.",
    features: [
      "Publish up to 3 apps",
      "Up to 10 instances per published app",
      "Published apps keep running, no automatic stop",
      "Custom domains (CNAMEs) on published apps",
      "2,200 instance-hours included, then €0.02 per hour",
    ],
  },
  TEAM: {
    id: "TEAM",
    name: "Team",
    monthlyPriceCents: 7900,
    currency: "EUR",
    instanceMemoryMb: 1024,
    publishedApps: 20,
    publishedAppMaxInstances: 25,
    includedInstanceHours: 15000,
    extraInstanceHourCents: 1,
    summary: "Many published apps with room to scale.",
    features: [
      "Publish up to 20 apps",
      "Up to 25 instances per published app",
      "Published apps keep running, no automatic stop",
      "Custom domains (CNAMEs) on published apps",
      "15,000 instance-hours included, then €0.01 per hour",
    ],
  },
};

/** Cheapest first: the order of the comparison table. */
export const PLAN_ORDER: readonly PlanId[] = ["FREE", "STANDARD", "TEAM"];

export function getPlan(id: PlanId): PlanDefinition {
  return PLANS[id];
}

export function isPaidPlan(id: PlanId): boolean {
  return PLANS[id].monthlyPriceCents > 0;
}

/** The invoice item of one instance-hour on a plan, as the original platform named it. */
export function instanceItem(memoryMb: number): string {
  return `Instance ${memoryMb}MB`;
}

/**
 * Memory of one instance of an app on this plan, for the runtime's limit
 * (THIRTY_INSTANCE_MEMORY_MB is the machine-wide fallback the sandbox reads today).
 */
export function instanceMemoryMb(plan: PlanId): number {
  return PLANS[plan].instanceMemoryMb;
}
