import type { PrismaClient } from "@/server/db/client";
import { FREE_TIER_MEMORY_PLAN, usageMemoryMb } from "./usage-memory";

/**
 * Metering: the runtime started an instance. One open record per instance (calling twice
 * for the same instance is harmless), at the rate of the app's state: paid when published.
 */
export async function recordInstanceStart(
  db: PrismaClient,
  options: { instanceId: string; appId: string; kind: "app" | "worker"; at: Date },
): Promise<void> {
  const app = await db.app.findUnique({
    where: { id: options.appId },
    select: { name: true, accountId: true, published: true, account: { select: { plan: true } } },
  });
  if (!app) return;
  const open = await db.usageRecord.findFirst({
    where: { instanceId: options.instanceId, stoppedAt: null },
    select: { id: true },
  });
  if (open) return;
  await db.usageRecord.create({
    data: {
      accountId: app.accountId,
      appId: options.appId,
      appName: app.name,
      instanceId: options.instanceId,
      kind: options.kind,
      memoryMb: usageMemoryMb(app.published ? app.account.plan : FREE_TIER_MEMORY_PLAN),
      paid: app.published,
      startedAt: options.at,
    },
  });
}
