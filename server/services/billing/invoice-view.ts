import { getDb } from "@/server/db/client";
import type { UsageLine } from "./usage-lines";
import { invoiceContent } from "./invoice-content";

export type InvoiceView = {
  number: string;
  periodStart: Date;
  periodEnd: Date;
  createdAt: Date;
  /** Set once the period ended and the lines were frozen. */
  finalizedAt: Date | null;
  free: UsageLine[];
  paid: UsageLine[];
  totalCents: number;
  currency: string;
};

type InvoiceRow = Awaited<ReturnType<ReturnType<typeof getDb>["invoice"]["findUniqueOrThrow"]>>;

/**
 * An invoice with its lines: computed live while its period runs, frozen into the row the
 * first time it is read after the period ended (usage records of a past period no longer change).
 */
export async function invoiceView(row: InvoiceRow, now: Date): Promise<InvoiceView> {
  const base = {
    number: row.number,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    createdAt: row.createdAt,
    currency: row.currency,
  };
  if (row.finalizedAt && row.lines) {
    const lines = row.lines as { free: UsageLine[]; paid: UsageLine[] };
    return { ...base, finalizedAt: row.finalizedAt, ...lines, totalCents: row.totalCents ?? 0 };
  }
  const content = await invoiceContent({
    accountId: row.accountId,
    start: row.periodStart,
    end: row.periodEnd,
    now,
  });
  if (row.periodEnd > now) return { ...base, finalizedAt: null, ...content };
  await getDb().invoice.update({
    where: { id: row.id },
    data: {
      lines: { free: content.free, paid: content.paid },
      totalCents: content.totalCents,
      finalizedAt: now,
    },
  });
  return { ...base, finalizedAt: now, ...content };
}
