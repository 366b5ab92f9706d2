import { getDb } from "@/server/db/client";
import type { PlanId } from "@/server/services/billing/plans";

/**
 * Puts an account on a paid plan directly, for tests about something else that need what a
 * paid plan allows (CNAMEs); the upgrade flow itself is tested in tests/billing.
 */
export async function onPaidPlan(accountName: string, plan: PlanId = "STANDARD"): Promise<void> {
  await getDb().account.update({ where: { name: accountName }, data: { plan } });
}
