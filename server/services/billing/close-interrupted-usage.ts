import type { PrismaClient } from "@/server/db/client";

/**
 * At a runtime's start-up, before it forgets its previous process's instances: usage records
 * still open belong to instances that process was running when it crashed. Those it took over
 * (`keep`) run on and stay open; another runtime's live instances are not its business; the
 * rest end at the last moment the crashed process reported the instance (its Instance row's
 * last update), never later.
 */
export async function closeInterruptedUsage(
  db: PrismaClient,
  options: { runtimeId: string; keep: string[] },
): Promise<number> {
  const open = await db.usageRecord.findMany({
    where: { stoppedAt: null, instanceId: { notIn: options.keep } },
  });
  if (open.length === 0) return 0;
  const rows = await db.instance.findMany({
    where: { id: { in: open.map((r) => r.instanceId) } },
    select: { id: true, updatedAt: true, runtimeId: true },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  let closed = 0;
  for (const record of open) {
    const row = byId.get(record.instanceId);
    if (row?.runtimeId && row.runtimeId !== options.runtimeId) continue;
    const seen = row?.updatedAt;
    const stoppedAt = seen && seen > record.startedAt ? seen : record.startedAt;
    await db.usageRecord.update({ where: { id: record.id }, data: { stoppedAt } });
    closed++;
  }
  return closed;
}
