"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { formatDate, formatMonth, formatPrice } from "./format";
import { InvoiceLinesTable } from "./invoice-lines-table";

export type InvoiceDocumentProps = { number: string };

/** A past invoice laid out to print (the dashboard's chrome hides on paper). */
export function InvoiceDocument({ number }: InvoiceDocumentProps) {
  const trpc = useTRPC();
  const invoice = useQuery(trpc.billing.invoice.queryOptions({ number }));
  const overview = useQuery(trpc.billing.overview.queryOptions());
  if (invoice.isPending) return <Spinner label="Loading the invoice" />;
  if (invoice.isError) return <Alert tone="error">{errorMessage(invoice.error)}</Alert>;
  const view = invoice.data;
  const profile = overview.data?.profile;
  return (
    <article className="mx-auto max-w-3xl space-y-6 rounded-lg border border-slate-200 bg-white p-6 print:border-0 print:p-0">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Invoice {view.number}</h1>
          <p className="text-sm text-slate-500">
            {formatMonth(view.periodStart)} · issued {formatDate(view.periodEnd)}
          </p>
        </div>
        <div className="flex gap-2 print:hidden">
          <Link
            href="/billing"
            className="rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100"
          >
            Back to billing
          </Link>
          <Button onClick={() => window.print()}>Print</Button>
        </div>
      </header>
      {profile && (
        <address className="text-sm not-italic text-slate-700">
          {profile.name}
          <br />
          {profile.address}
          <br />
          {profile.postalCode} {profile.city}, {profile.country}
          {profile.vatId && (
            <>
              <br />
              VAT {profile.vatId}
            </>
          )}
        </address>
      )}
      <InvoiceLinesTable
        caption="Charged"
        lines={view.paid}
        currency={view.currency}
        empty="Nothing was charged this month."
      />
      <p className="text-right text-lg font-semibold">Total {formatPrice(view.totalCents, view.currency)}</p>
      <p className="text-xs text-slate-500">
        Prices exclude VAT. Usage is metered from each instance's real start and stop times.
      </p>
    </article>
  );
}
