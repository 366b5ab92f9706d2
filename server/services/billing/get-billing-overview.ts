import { getDb } from "@/server/db/client";
import { planUpgradeUri } from "@/server/services/accounts/get-account";
import type { Caller } from "@/server/services/caller";
import { freeStopDelayMs } from "./free-stop-delay";
import { FREE_TIER, PLAN_ORDER, PLANS, type PlanDefinition, type PlanId } from "./plans";
import { paymentProvider } from "./providers/payment-provider-for-platform";

export type BillingOverview = {
  plan: PlanDefinition;
  pendingPlan: PlanDefinition | null;
  periodEnd: Date | null;
  provider: "invoice" | "stripe";
  upgradeUri: string;
  profile: {
    name: string;
    address: string;
    postalCode: string;
    city: string;
    country: string;
    vatId: string | null;
    email: string;
  } | null;
  publishedApps: number;
  history: {
    id: string;
    from: PlanId;
    to: PlanId;
    status: string;
    requestedBy: string;
    createdAt: Date;
    effectiveAt: Date;
    appliedAt: Date | null;
  }[];
  plans: PlanDefinition[];
  /** The free tier every unpublished app is on. */
  freeTier: { maxInstances: number; stopAfterMs: number };
};

/** Everything the billing page shows about the plan, with the audit trail of changes. */
export async function getBillingOverview(caller: Caller): Promise<BillingOverview> {
  const db = getDb();
  const account = await db.account.findUniqueOrThrow({
    where: { id: caller.accountId },
    include: { billingProfile: true, planChanges: { orderBy: { createdAt: "desc" }, take: 50 } },
  });
  const profile = account.billingProfile;
  return {
    plan: PLANS[account.plan],
    pendingPlan: account.pendingPlan ? PLANS[account.pendingPlan] : null,
    periodEnd: account.planPeriodEnd,
    provider: paymentProvider().id,
    upgradeUri: planUpgradeUri(account),
    profile: profile
      ? {
          name: profile.name,
          address: profile.address,
          postalCode: profile.postalCode,
          city: profile.city,
          country: profile.country,
          vatId: profile.vatId,
          email: profile.email,
        }
      : null,
    publishedApps: await db.app.count({ where: { accountId: account.id, published: true } }),
    history: account.planChanges.map((c) => ({
      id: c.id,
      from: c.fromPlan,
      to: c.toPlan,
      status: c.status,
      requestedBy: c.requestedBy,
      createdAt: c.createdAt,
      effectiveAt: c.effectiveAt,
      appliedAt: c.appliedAt,
    })),
    plans: PLAN_ORDER.map((id) => PLANS[id]),
    freeTier: { maxInstances: FREE_TIER.maxInstances, stopAfterMs: freeStopDelayMs() },
  };
}
