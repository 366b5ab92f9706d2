import type { PrismaTypes } from "@/server/db/client";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * The next invoice number of the platform, `2026-000123`: one counter row per year,
 * incremented under its row lock, so numbers are sequential without gaps even when several
 * processes issue invoices at once (a rolled-back transaction gives its number back).
 */
export async function nextInvoiceNumber(tx: Tx, year: number): Promise<string> {
  const rows = await tx.$queryRaw<{ last: number }[]>`
    insert into "InvoiceCounter" (year, last) values (${year}, 1)
    on conflict (year) do update set last = "InvoiceCounter".last + 1
    returning last`;
  const last = rows[0]?.last ?? 1;
  return `${year}-${String(last).padStart(6, "0")}`;
}
