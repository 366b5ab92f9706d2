import type Stripe from "stripe";
import type { PaymentProvider } from "./payment-provider";

/**
 * Stripe Checkout in subscription mode, priced from plans.ts (no prices to keep in sync in
 * Stripe's dashboard). Our ids travel in the session's metadata so the webhook finds the
 * plan change again.
 */
export function stripeProvider(secretKey: string): PaymentProvider {
  // Loaded on first use: the library costs the web process about 20 MB.
  let client: Stripe | undefined;
  const connect = async (): Promise<Stripe> => {
    const { default: StripeLibrary } = await import("stripe");
    client ??= new StripeLibrary(secretKey);
    return client;
  };
  return {
    id: "stripe",
    async startUpgrade({ planChangeId, account, plan, details, returnUrl }) {
      const session = await (
        await connect()
      ).checkout.sessions.create({
        mode: "subscription",
        client_reference_id: planChangeId,
        customer_email: details.email,
        metadata: { planChangeId, accountId: account.id, plan: plan.id },
        // Read back when Stripe reports the subscription cancelled.
        subscription_data: { metadata: { accountId: account.id } },
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: plan.currency.toLowerCase(),
              unit_amount: plan.monthlyPriceCents,
              recurring: { interval: "month" },
              product_data: { name: `thirtyloops ${plan.name} plan (${account.name})` },
            },
          },
        ],
        success_url: `${returnUrl}?checkout=done`,
        cancel_url: `${returnUrl}?checkout=cancelled`,
      });
      if (!session.url) throw new Error("Stripe returned a Checkout session without a URL.");
      return { kind: "redirect", url: session.url, reference: session.id };
    },
  };
}
