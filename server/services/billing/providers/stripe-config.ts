/** Stripe is used only when both keys are set; they are read here and never logged or returned. */
export function stripeConfig(): { secretKey: string; webhookSecret: string } | null {
  const secretKey = process.env.STRIPE_SECRET_KEY?.trim();
  const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET?.trim();
  return secretKey && webhookSecret ? { secretKey, webhookSecret } : null;
}
