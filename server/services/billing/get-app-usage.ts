import { getDb } from "@/server/db/client";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { notFound } from "@/server/services/errors";
import { billingPeriod } from "./billing-period";
import { usageLines, type UsageLine } from "./usage-lines";

export type AppUsageView = {
  app: string;
  periodStart: Date;
  periodEnd: Date;
  free: UsageLine[];
  paid: UsageLine[];
};

/** An app's usage in the running period ("current") or in the period of one of the account's invoices. */
export async function getAppUsage(
  caller: Caller,
  options: { appName: string; period: string; now?: Date },
): Promise<AppUsageView> {
  const db = getDb();
  const now = options.now ?? new Date();
  const app = await findAppRow(db, caller, options.appName);
  let period = billingPeriod(now);
  if (options.period !== "current") {
    const invoice = await db.invoice.findFirst({
      where: { accountId: caller.accountId, number: options.period },
      select: { periodStart: true, periodEnd: true },
    });
    if (!invoice) throw notFound("Usage period");
    period = { start: invoice.periodStart, end: invoice.periodEnd };
  }
  const usage = await usageLines({ accountId: caller.accountId, appId: app.id, ...period, now });
  return {
    app: app.name,
    periodStart: period.start,
    periodEnd: period.end,
    free: usage.free,
    paid: usage.paid,
  };
}
