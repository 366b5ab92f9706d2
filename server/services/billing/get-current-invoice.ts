import type { Caller } from "@/server/services/caller";
import { billingPeriod } from "./billing-period";
import { ensureInvoice } from "./ensure-invoice";
import { invoiceView, type InvoiceView } from "./invoice-view";

/** The running invoice: this month's usage so far, free and paid. */
export async function getCurrentInvoice(caller: Caller, now = new Date()): Promise<InvoiceView> {
  const row = await ensureInvoice({ accountId: caller.accountId, periodStart: billingPeriod(now).start });
  return invoiceView(row, now);
}
