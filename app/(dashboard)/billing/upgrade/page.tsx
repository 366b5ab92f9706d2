import type { Metadata } from "next";
import { UpgradeFlow } from "@/components/billing/upgrade-flow";

export const metadata: Metadata = { title: "Change plan" };

/** The account's plan_upgrade_uri lands here (its key and code query parameters are informative). */
export default function UpgradePage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Change plan</h1>
      <UpgradeFlow />
    </div>
  );
}
