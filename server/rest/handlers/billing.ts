import "server-only";
import { getAppUsage } from "@/server/services/billing/get-app-usage";
import { getCurrentInvoice } from "@/server/services/billing/get-current-invoice";
import { getInvoice } from "@/server/services/billing/get-invoice";
import { listInvoices } from "@/server/services/billing/list-invoices";
import { invoiceHref, presentAppUsage, presentInvoice } from "../billing-presenters";
import { json } from "../http";
import { list } from "../presenters";
import { param, type RestContext } from "./context";

/** GET /{account}/invoices: past invoices. */
export async function listAccountInvoices(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const items = (await listInvoices(caller)).map((view) => ({
    invoice_number: view.number,
    billing_datetime: presentInvoice(view, ctx.links, caller.accountName, { current: false })
      .billing_datetime,
    total: (view.totalCents / 100).toFixed(2),
    currency: view.currency,
    link: { href: invoiceHref(ctx.links, caller.accountName, view.number), rel: "item" },
  }));
  return json(list(items, `${ctx.links.account(caller.accountName)}/invoices`));
}

/** GET /{account}/invoices/current and /{account}/invoices/{n}. */
export async function showInvoice(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const number = param(ctx, "invoice");
  if (number === "current") {
    const view = await getCurrentInvoice(caller);
    return json(presentInvoice(view, ctx.links, caller.accountName, { current: true }));
  }
  const view = await getInvoice(caller, number);
  return json(presentInvoice(view, ctx.links, caller.accountName, { current: view.finalizedAt === null }));
}

/** GET /{account}/app/{app}/usage/current and /usage/{n} (n: an invoice number). */
export async function showAppUsage(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const period = param(ctx, "period");
  const view = await getAppUsage(caller, { appName: param(ctx, "app"), period });
  return json(
    presentAppUsage(view, `${ctx.links.account(caller.accountName)}/app/${view.app}/usage/${period}`),
  );
}
