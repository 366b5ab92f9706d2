import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { appLimits } from "./app-limits";
import { appsLosingPublication } from "./apps-losing-publication";
import { planDirection } from "./plan-direction";
import { PLANS, type PlanId } from "./plans";
import { paymentProvider } from "./providers/payment-provider-for-platform";

export type PlanChangePreview = {
  from: PlanId;
  to: PlanId;
  direction: "same" | "upgrade" | "downgrade";
  /** When the change takes effect. */
  effectiveAt: Date;
  monthlyPriceCents: number;
  provider: "invoice" | "stripe";
  /** Published apps that become unpublished (downgrades). */
  appsToUnpublish: string[];
  /** Apps running more instances than they may after the change (scaled down when unpublished). */
  appsOverInstanceLimit: { name: string; instances: number; max: number }[];
};

/** What a plan change would do to the account and its apps, for the confirmation step. */
export async function previewPlanChange(
  caller: Caller,
  options: { plan: PlanId; now?: Date },
): Promise<PlanChangePreview> {
  const db = getDb();
  const now = options.now ?? new Date();
  const account = await db.account.findUniqueOrThrow({ where: { id: caller.accountId } });
  const direction = planDirection(account.plan, options.plan);
  const losing =
    direction === "downgrade"
      ? await appsLosingPublication(db, { accountId: account.id, plan: options.plan })
      : [];
  const losingIds = new Set(losing.map((a) => a.id));
  const apps = await db.app.findMany({
    where: { accountId: account.id },
    select: { id: true, name: true, instances: true, published: true },
    orderBy: { name: "asc" },
  });
  const appsOverInstanceLimit = apps.flatMap((app) => {
    const published = app.published && !losingIds.has(app.id);
    const max = appLimits({ plan: options.plan, published }).maxInstances;
    return app.instances > max ? [{ name: app.name, instances: app.instances, max }] : [];
  });
  const effectiveAt =
    direction === "downgrade"
      ? account.planPeriodEnd && account.planPeriodEnd > now
        ? account.planPeriodEnd
        : now
      : now;
  return {
    from: account.plan,
    to: options.plan,
    direction,
    effectiveAt,
    monthlyPriceCents: PLANS[options.plan].monthlyPriceCents,
    provider: paymentProvider().id,
    appsToUnpublish: losing.map((a) => a.name),
    appsOverInstanceLimit,
  };
}
