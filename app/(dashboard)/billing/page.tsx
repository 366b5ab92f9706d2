import type { Metadata } from "next";
import { BillingOverview } from "@/components/billing/billing-overview";

export const metadata: Metadata = { title: "Billing" };

export default function BillingPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Billing and usage</h1>
      <BillingOverview />
    </div>
  );
}
