import { getDb } from "@/server/db/client";
import { isUniqueViolation } from "@/server/services/errors";
import { billingPeriod } from "./billing-period";
import { nextInvoiceNumber } from "./next-invoice-number";

/** The account's invoice for the period starting at `periodStart`, numbered when first needed. */
export async function ensureInvoice(options: { accountId: string; periodStart: Date }) {
  const db = getDb();
  const key = { accountId_periodStart: { accountId: options.accountId, periodStart: options.periodStart } };
  const existing = await db.invoice.findUnique({ where: key });
  if (existing) return existing;
  const { start, end } = billingPeriod(options.periodStart);
  try {
    return await db.$transaction(async (tx) =>
      tx.invoice.create({
        data: {
          accountId: options.accountId,
          number: await nextInvoiceNumber(tx, start.getUTCFullYear()),
          periodStart: start,
          periodEnd: end,
        },
      }),
    );
  } catch (error) {
    // Another request numbered it first (its transaction took the number, ours gave it back).
    if (isUniqueViolation(error)) return db.invoice.findUniqueOrThrow({ where: key });
    throw error;
  }
}
