import { getDb } from "@/server/db/client";
import { instanceItem } from "./plans";

export type UsageLine = {
  item: string;
  quantity: number;
  unit: "hours" | "count" | "month";
  amountCents?: number;
};
export type UsageSplit = { free: UsageLine[]; paid: UsageLine[]; paidInstanceHours: number };

const HOUR_MS = 3_600_000;
const DATABASE_ITEMS = { postgres: "Postgresql Micro", mongodb: "MongoDB Micro" } as const;

/** Hours of a record inside [start, end); a running instance counts up to `now`. */
export function hoursWithin(
  record: { startedAt: Date; stoppedAt: Date | null },
  period: { start: Date; end: Date; now: Date },
): number {
  const from = Math.max(record.startedAt.getTime(), period.start.getTime());
  const to = Math.min((record.stoppedAt ?? period.now).getTime(), period.end.getTime(), period.now.getTime());
  return Math.max(0, to - from) / HOUR_MS;
}

function round(hours: number): number {
  return Math.round(hours * 100) / 100;
}

/**
 * What an account (or one of its apps) used in a period, from the usage records the runtime
 * wrote at each instance's real start and stop, and the databases that existed: instance-
 * hours per instance size and database counts, split free (unpublished) and paid (published).
 */
export async function usageLines(options: {
  accountId: string;
  appId?: string;
  start: Date;
  end: Date;
  now: Date;
}): Promise<UsageSplit> {
  const db = getDb();
  const records = await db.usageRecord.findMany({
    where: {
      accountId: options.accountId,
      ...(options.appId ? { appId: options.appId } : {}),
      startedAt: { lt: options.end },
      OR: [{ stoppedAt: null }, { stoppedAt: { gt: options.start } }],
    },
  });
  const hours = { free: new Map<string, number>(), paid: new Map<string, number>() };
  for (const record of records) {
    const side = record.paid ? hours.paid : hours.free;
    const item = instanceItem(record.memoryMb);
    side.set(item, (side.get(item) ?? 0) + hoursWithin(record, options));
  }
  const databases = await db.databaseService.findMany({
    where: {
      createdAt: { lt: options.end },
      app: { accountId: options.accountId, ...(options.appId ? { id: options.appId } : {}) },
    },
    select: { label: true, app: { select: { published: true } } },
  });
  const counts = { free: new Map<string, number>(), paid: new Map<string, number>() };
  for (const database of databases) {
    const side = database.app.published ? counts.paid : counts.free;
    const item = DATABASE_ITEMS[database.label];
    side.set(item, (side.get(item) ?? 0) + 1);
  }
  const lines = (side: "free" | "paid"): UsageLine[] => [
    ...[...hours[side]].map(([item, h]) => ({ item, quantity: round(h), unit: "hours" as const })),
    ...[...counts[side]].map(([item, n]) => ({ item, quantity: n, unit: "count" as const })),
  ];
  const paidInstanceHours = round([...hours.paid.values()].reduce((sum, h) => sum + h, 0));
  return { free: lines("free"), paid: lines("paid"), paidInstanceHours };
}
