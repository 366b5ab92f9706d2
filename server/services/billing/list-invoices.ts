import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { billingPeriod, previousPeriodStart } from "./billing-period";
import { ensureInvoice } from "./ensure-invoice";
import { invoiceView, type InvoiceView } from "./invoice-view";

/** How far back invoices are issued when an account first asks for them. */
const MAX_BACKFILL_MONTHS = 24;

/**
 * Past invoices, newest first. Every month since the account was created has one: months
 * nobody asked about yet are numbered now, and frozen on this first read.
 */
export async function listInvoices(caller: Caller, now = new Date()): Promise<InvoiceView[]> {
  const db = getDb();
  const account = await db.account.findUniqueOrThrow({
    where: { id: caller.accountId },
    select: { createdAt: true },
  });
  const first = billingPeriod(account.createdAt).start;
  const starts: Date[] = [];
  for (
    let start = previousPeriodStart(billingPeriod(now).start);
    start >= first && starts.length < MAX_BACKFILL_MONTHS;
    start = previousPeriodStart(start)
  ) {
    starts.push(start);
  }
  for (const periodStart of [...starts].reverse())
    await ensureInvoice({ accountId: caller.accountId, periodStart });
  const rows = await db.invoice.findMany({
    where: { accountId: caller.accountId, periodEnd: { lte: now } },
    orderBy: { periodStart: "desc" },
  });
  return Promise.all(rows.map((row) => invoiceView(row, now)));
}
