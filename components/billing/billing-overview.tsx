"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { formatDate, formatMonth, formatPrice } from "./format";
import { InvoiceLinesTable } from "./invoice-lines-table";
import { PlanSummaryCard } from "./plan-summary-card";
import { UsageChartCard } from "./usage-chart-card";

/** The billing page: plan, the running invoice, usage per app, past invoices, plan history. */
export function BillingOverview() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.billing.overview.queryOptions());
  const current = useQuery(trpc.billing.currentInvoice.queryOptions());
  const invoices = useQuery(trpc.billing.invoices.queryOptions());
  if (overview.isPending) return <Spinner label="Loading billing" />;
  if (overview.isError) return <Alert tone="error">{errorMessage(overview.error)}</Alert>;
  const view = overview.data;
  return (
    <div className="space-y-6">
      <PlanSummaryCard overview={view} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Running invoice"
          description={
            current.data
              ? `${current.data.number} · ${formatMonth(current.data.periodStart)}, so far`
              : undefined
          }
        >
          {current.isPending && <Spinner label="Loading the running invoice" />}
          {current.isError && <Alert tone="error">{errorMessage(current.error)}</Alert>}
          {current.data && (
            <div className="space-y-4">
              <InvoiceLinesTable
                caption="Paid"
                lines={current.data.paid}
                currency={current.data.currency}
                empty="Nothing paid so far this month."
              />
              <InvoiceLinesTable
                caption="Free tier (not charged)"
                lines={current.data.free}
                currency={current.data.currency}
                empty="No free-tier usage so far."
              />
              <p className="text-right text-sm font-semibold">
                Total so far: {formatPrice(current.data.totalCents, current.data.currency)}
              </p>
            </div>
          )}
        </Card>
        <UsageChartCard />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Past invoices">
          {invoices.isPending && <Spinner label="Loading invoices" />}
          {invoices.isError && <Alert tone="error">{errorMessage(invoices.error)}</Alert>}
          {invoices.data?.length === 0 && (
            <p className="text-sm text-slate-500">
              No past invoices yet: the first one is issued at the end of this month.
            </p>
          )}
          {invoices.data && invoices.data.length > 0 && (
            <ul className="divide-y divide-slate-100 text-sm">
              {invoices.data.map((invoice) => (
                <li key={invoice.number} className="flex items-center justify-between py-2">
                  <Link
                    href={`/billing/invoices/${invoice.number}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {invoice.number}
                  </Link>
                  <span className="text-slate-500">{formatMonth(invoice.periodStart)}</span>
                  <span className="tabular-nums">{formatPrice(invoice.totalCents, invoice.currency)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Plan changes" description="Who changed the plan, when, from and to.">
          {view.history.length === 0 ? (
            <p className="text-sm text-slate-500">No plan changes yet.</p>
          ) : (
            <ul aria-label="Plan changes" className="divide-y divide-slate-100 text-sm">
              {view.history.map((change) => (
                <li key={change.id} className="py-2">
                  <span className="font-medium">
                    {change.from} → {change.to}
                  </span>{" "}
                  <span className="text-slate-500">
                    {change.status} · by {change.requestedBy} on {formatDate(change.createdAt)}
                    {change.status === "scheduled" && `, takes effect ${formatDate(change.effectiveAt)}`}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
