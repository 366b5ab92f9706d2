import { getDb } from "@/server/db/client";
import { FREE_TIER_MEMORY_PLAN, usageMemoryMb } from "./usage-memory";

/**
 * An app was published or unpublished while instances run: their open usage records end
 * now and continue as new records at the other rate, so the free and paid hours split at
 * the exact moment of the change.
 */
export async function switchUsageRate(options: { appId: string; paid: boolean; at: Date }): Promise<void> {
  const db = getDb();
  await db.$transaction(async (tx) => {
    const open = await tx.usageRecord.findMany({ where: { appId: options.appId, stoppedAt: null } });
    if (open.length === 0) return;
    const account = await tx.account.findUniqueOrThrow({
      where: { id: open[0]?.accountId ?? "" },
      select: { plan: true },
    });
    const memoryMb = usageMemoryMb(options.paid ? account.plan : FREE_TIER_MEMORY_PLAN);
    await tx.usageRecord.updateMany({
      where: { id: { in: open.map((r) => r.id) } },
      data: { stoppedAt: options.at },
    });
    await tx.usageRecord.createMany({
      data: open.map((r) => ({
        accountId: r.accountId,
        appId: r.appId,
        appName: r.appName,
        instanceId: r.instanceId,
        kind: r.kind,
        memoryMb,
        paid: options.paid,
        startedAt: options.at,
      })),
    });
  });
}
