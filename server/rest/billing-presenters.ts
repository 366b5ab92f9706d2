import "server-only";
import type { AppUsageView } from "@/server/services/billing/get-app-usage";
import type { InvoiceView } from "@/server/services/billing/invoice-view";
import type { UsageLine } from "@/server/services/billing/usage-lines";
import { rfc3339, type Links } from "./presenters";

function presentLine(line: UsageLine) {
  return {
    item: line.item,
    quantity: line.quantity,
    unit: line.unit,
    ...(line.amountCents === undefined ? {} : { amount: (line.amountCents / 100).toFixed(2) }),
  };
}

export function invoiceHref(links: Links, account: string, number: string): string {
  return `${links.account(account)}/invoices/${number}`;
}

/** The Billing API's invoice: the running one shows free and paid usage, a past one paid only. */
export function presentInvoice(
  view: InvoiceView,
  links: Links,
  account: string,
  options: { current: boolean; rel?: "self" | "item" },
) {
  return {
    invoice_number: view.number,
    billing_datetime: rfc3339(view.periodEnd),
    created: rfc3339(view.createdAt),
    period_start: rfc3339(view.periodStart),
    period_end: rfc3339(view.periodEnd),
    ...(options.current ? { free: view.free.map(presentLine) } : {}),
    paid: view.paid.map(presentLine),
    total: (view.totalCents / 100).toFixed(2),
    currency: view.currency,
    link: {
      href: options.current
        ? `${links.account(account)}/invoices/current`
        : invoiceHref(links, account, view.number),
      rel: options.rel ?? "self",
    },
  };
}

export function presentAppUsage(view: AppUsageView, href: string) {
  return {
    app: view.app,
    period_start: rfc3339(view.periodStart),
    period_end: rfc3339(view.periodEnd),
    free: view.free.map(presentLine),
    paid: view.paid.map(presentLine),
    link: { href, rel: "self" },
  };
}
