import { invoiceProvider } from "./invoice-provider";
import type { PaymentProvider } from "./payment-provider";
import { stripeConfig } from "./stripe-config";
import { stripeProvider } from "./stripe-provider";

/** Stripe when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set, billing by invoice otherwise. */
export function paymentProvider(): PaymentProvider {
  const stripe = stripeConfig();
  return stripe ? stripeProvider(stripe.secretKey) : invoiceProvider;
}
