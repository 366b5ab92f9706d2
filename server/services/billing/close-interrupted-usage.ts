import type { PrismaClient } from "@/server/db/client";

/**
 * At start-up, before the runtime forgets the previous process's instances: records still
 * open belong to instances of a process that crashed. They end at the last moment that
 * process reported the instance (its Instance row's last update), never later.
 */
export async function closeInterruptedUsage(db: PrismaClient): Promise<number> {
  const open = await db.usageRecord.findMany({ where: { stoppedAt: null } });
  if (open.length === 0) return 0;
  const rows = await db.instance.findMany({
    where: { id: { in: open.map((r) => r.instanceId) } },
    select: { id: true, updatedAt: true },
  });
  const lastSeen = new Map(rows.map((r) => [r.id, r.updatedAt]));
  for (const record of open) {
    const seen = lastSeen.get(record.instanceId);
    const stoppedAt = seen && seen > record.startedAt ? seen : record.startedAt;
    await db.usageRecord.update({ where: { id: record.id }, data: { stoppedAt } });
  }
  return open.length;
}
