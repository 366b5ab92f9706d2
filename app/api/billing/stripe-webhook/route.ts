import { isAppError } from "@/server/services/errors";
import { handleStripeWebhook } from "@/server/services/billing/handle-stripe-webhook";

const STATUS = { NOT_FOUND: 404, UNAUTHENTICATED: 400 } as const;

/** Stripe's webhook endpoint: the raw body is what the signature covers, so it is read as text. */
export async function POST(request: Request): Promise<Response> {
  try {
    const outcome = await handleStripeWebhook({
      payload: await request.text(),
      signature: request.headers.get("stripe-signature"),
    });
    return Response.json({ received: true, status: outcome.status });
  } catch (error) {
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "UNAUTHENTICATED")) {
      return Response.json({ error: error.message }, { status: STATUS[error.code] });
    }
    console.error("Stripe webhook failed:", error);
    return Response.json({ error: "The webhook could not be processed." }, { status: 500 });
  }
}
