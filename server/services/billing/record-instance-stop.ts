import type { PrismaClient } from "@/server/db/client";

/** Metering: the runtime stopped an instance; its open record ends now. */
export async function recordInstanceStop(
  db: PrismaClient,
  options: { instanceId: string; at: Date },
): Promise<void> {
  await db.usageRecord.updateMany({
    where: { instanceId: options.instanceId, stoppedAt: null },
    data: { stoppedAt: options.at },
  });
}
