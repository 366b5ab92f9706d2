import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { notFound } from "@/server/services/errors";
import { invoiceView, type InvoiceView } from "./invoice-view";

/** One of the account's invoices by number; another account's is "not found". */
export async function getInvoice(caller: Caller, number: string, now = new Date()): Promise<InvoiceView> {
  const row = await getDb().invoice.findFirst({ where: { accountId: caller.accountId, number } });
  if (!row) throw notFound("Invoice");
  return invoiceView(row, now);
}
