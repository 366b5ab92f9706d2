import type { PlanDefinition } from "../plans";
import type { TBillingDetailsParsed } from "../schemas";

/**
 * How an upgrade is paid. `invoice` bills the account by invoice and the plan changes at
 * once; `stripe` sends the browser to a Stripe Checkout page and the plan changes when
 * Stripe's signed webhook says the checkout completed.
 */
export type UpgradeStart = { kind: "applied" } | { kind: "redirect"; url: string; reference: string };

export type PaymentProvider = {
  id: "invoice" | "stripe";
  startUpgrade(input: {
    planChangeId: string;
    account: { id: string; name: string };
    plan: PlanDefinition;
    details: TBillingDetailsParsed;
    returnUrl: string;
  }): Promise<UpgradeStart>;
};
