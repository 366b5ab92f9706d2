import type { UsageLine } from "@/server/services/billing/usage-lines";
import { formatPrice } from "./format";

export type InvoiceLinesTableProps = { caption: string; lines: UsageLine[]; currency: string; empty: string };

/** Items of an invoice: what, how much, and for paid lines the amount. */
export function InvoiceLinesTable({ caption, lines, currency, empty }: InvoiceLinesTableProps) {
  if (lines.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
        {caption}
      </caption>
      <thead className="border-b border-slate-200 text-slate-500">
        <tr>
          <th scope="col" className="py-1 pr-2 font-medium">
            Item
          </th>
          <th scope="col" className="py-1 pr-2 text-right font-medium">
            Quantity
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={`${line.item}-${line.unit}`} className="border-b border-slate-100 last:border-0">
            <td className="py-1 pr-2">{line.item}</td>
            <td className="py-1 pr-2 text-right tabular-nums">
              {line.quantity} {line.unit}
            </td>
            <td className="py-1 text-right tabular-nums">
              {line.amountCents === undefined ? "—" : formatPrice(line.amountCents, currency)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
