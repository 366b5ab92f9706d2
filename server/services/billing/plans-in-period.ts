import { getDb } from "@/server/db/client";
import type { PlanId } from "./plans";

/** Every plan in force at some moment of [start, end), from the audit trail of plan changes. */
export async function plansInPeriod(options: {
  accountId: string;
  start: Date;
  end: Date;
}): Promise<PlanId[]> {
  const db = getDb();
  const before = await db.planChange.findFirst({
    where: { accountId: options.accountId, status: "applied", appliedAt: { lte: options.start } },
    orderBy: { appliedAt: "desc" },
    select: { toPlan: true },
  });
  const during = await db.planChange.findMany({
    where: {
      accountId: options.accountId,
      status: "applied",
      appliedAt: { gt: options.start, lt: options.end },
    },
    orderBy: { appliedAt: "asc" },
    select: { toPlan: true },
  });
  return [...new Set<PlanId>([before?.toPlan ?? "FREE", ...during.map((c) => c.toPlan)])];
}
