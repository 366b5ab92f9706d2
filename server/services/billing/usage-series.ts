import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { billingPeriod } from "./billing-period";
import { hoursWithin } from "./usage-lines";

export type UsageSeries = {
  /** Start of each day of the running period up to today (seconds since the epoch, UTC). */
  days: number[];
  apps: { name: string; free: number[]; paid: number[] }[];
};

const DAY_MS = 86_400_000;

/** Instance-hours per app and day of the running period, for the billing page's chart. */
export async function usageSeries(caller: Caller, now = new Date()): Promise<UsageSeries> {
  const { start, end } = billingPeriod(now);
  const records = await getDb().usageRecord.findMany({
    where: {
      accountId: caller.accountId,
      startedAt: { lt: end },
      OR: [{ stoppedAt: null }, { stoppedAt: { gt: start } }],
    },
  });
  const dayCount = Math.floor((now.getTime() - start.getTime()) / DAY_MS) + 1;
  const days = Array.from({ length: dayCount }, (_, i) => (start.getTime() + i * DAY_MS) / 1000);
  const apps = new Map<string, { name: string; free: number[]; paid: number[] }>();
  for (const record of records) {
    const app = apps.get(record.appName) ?? {
      name: record.appName,
      free: new Array<number>(dayCount).fill(0),
      paid: new Array<number>(dayCount).fill(0),
    };
    apps.set(record.appName, app);
    const side = record.paid ? app.paid : app.free;
    days.forEach((day, i) => {
      const dayStart = new Date(day * 1000);
      const hours = hoursWithin(record, { start: dayStart, end: new Date(day * 1000 + DAY_MS), now });
      side[i] = Math.round(((side[i] ?? 0) + hours) * 100) / 100;
    });
  }
  return { days, apps: [...apps.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}
