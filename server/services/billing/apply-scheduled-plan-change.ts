import { getDb } from "@/server/db/client";
import { recordQueuedAction } from "@/server/services/actions/record-action";
import { appsLosingPublication } from "./apps-losing-publication";
import { billingPeriod } from "./billing-period";
import { isPaidPlan } from "./plans";
import { switchUsageRate } from "./switch-usage-rate";

export const BILLING_ACTOR = "billing";

/**
 * The paid period ended with a downgrade scheduled: the new plan applies, published apps it
 * cannot keep become unpublished (in the same transaction), and each of those gets an
 * `unpublish` action that drops its CNAMEs from the router and restores the free tier.
 */
export async function applyScheduledPlanChange(options: {
  accountId: string;
  now?: Date;
}): Promise<string[]> {
  const db = getDb();
  const now = options.now ?? new Date();
  const unpublished = await db.$transaction(async (tx) => {
    const account = await tx.account.findUnique({ where: { id: options.accountId } });
    if (!account?.pendingPlan) return [];
    if (account.planPeriodEnd && account.planPeriodEnd > now) return [];
    const plan = account.pendingPlan;
    const losing = await appsLosingPublication(tx, { accountId: account.id, plan });
    await tx.app.updateMany({ where: { id: { in: losing.map((a) => a.id) } }, data: { published: false } });
    await tx.account.update({
      where: { id: account.id },
      data: {
        plan,
        pendingPlan: null,
        planPeriodEnd: isPaidPlan(plan) ? billingPeriod(now).end : null,
        billingProvider: isPaidPlan(plan) ? account.billingProvider : null,
      },
    });
    await tx.planChange.updateMany({
      where: { accountId: account.id, status: "scheduled" },
      data: { status: "applied", appliedAt: now },
    });
    return losing;
  });
  for (const app of unpublished) {
    await switchUsageRate({ appId: app.id, paid: false, at: now });
    await recordQueuedAction(
      db,
      { ...app, accountId: options.accountId },
      { kind: "unpublish", requestedBy: BILLING_ACTOR },
    );
  }
  return unpublished.map((a) => a.name);
}
