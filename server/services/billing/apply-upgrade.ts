import type { PrismaTypes } from "@/server/db/client";
import { billingPeriod } from "./billing-period";
import type { PlanId } from "./plans";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * Puts a plan in force now (inside the caller's transaction): a scheduled downgrade is
 * dropped, and the paid period runs to the end of this month.
 */
export async function applyUpgrade(
  tx: Tx,
  options: { accountId: string; plan: PlanId; provider: string; now: Date },
): Promise<void> {
  await tx.planChange.updateMany({
    where: { accountId: options.accountId, status: "scheduled" },
    data: { status: "cancelled" },
  });
  await tx.account.update({
    where: { id: options.accountId },
    data: {
      plan: options.plan,
      pendingPlan: null,
      planPeriodEnd: billingPeriod(options.now).end,
      billingProvider: options.provider,
    },
  });
}
