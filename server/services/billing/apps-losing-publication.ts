import type { PrismaTypes } from "@/server/db/client";
import { PLANS, type PlanId } from "./plans";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * The published apps a plan cannot keep: all of them on FREE, the most recently changed
 * beyond the plan's published-app count otherwise (the oldest keep their place).
 */
export async function appsLosingPublication(
  tx: Tx,
  options: { accountId: string; plan: PlanId },
): Promise<{ id: string; name: string }[]> {
  const published = await tx.app.findMany({
    where: { accountId: options.accountId, published: true },
    select: { id: true, name: true },
    orderBy: [{ updatedAt: "asc" }, { name: "asc" }],
  });
  return published.slice(PLANS[options.plan].publishedApps);
}
