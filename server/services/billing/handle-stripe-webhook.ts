import type Stripe from "stripe";
import { getDb } from "@/server/db/client";
import { scheduleJob } from "@/server/queue/action-queue";
import { AppError, isUniqueViolation } from "@/server/services/errors";
import { applyUpgrade } from "./apply-upgrade";
import { PLAN_PERIOD_END_TASK, planPeriodJobKey } from "./billing-tasks";
import { stripeConfig } from "./providers/stripe-config";

export const STRIPE_ACTOR = "stripe";

export type WebhookOutcome = { status: "applied" | "scheduled" | "ignored" | "duplicate"; eventId: string };

/**
 * A Stripe webhook delivery. The signature (HMAC of the raw body with the endpoint's secret,
 * with a timestamp Stripe's library rejects after 5 minutes) proves it came from Stripe; the
 * event id, recorded in the same transaction as its effect, makes a replayed delivery a no-op.
 */
export async function handleStripeWebhook(options: {
  payload: string;
  signature: string | null;
  now?: Date;
}): Promise<WebhookOutcome> {
  const config = stripeConfig();
  if (!config) throw new AppError("NOT_FOUND", "Stripe payments are not configured on this platform.");
  if (!options.signature) throw new AppError("UNAUTHENTICATED", "Missing Stripe-Signature header.");
  // Loaded when a delivery arrives: the library costs the web process about 20 MB.
  const { default: StripeLibrary } = await import("stripe");
  let event: Stripe.Event;
  try {
    event = StripeLibrary.webhooks.constructEvent(options.payload, options.signature, config.webhookSecret);
  } catch {
    throw new AppError("UNAUTHENTICATED", "The Stripe signature does not match this payload.");
  }
  const now = options.now ?? new Date();
  try {
    return await getDb()
      .$transaction(async (tx) => {
        await tx.processedWebhookEvent.create({
          data: { id: event.id, provider: "stripe", type: event.type },
        });
        if (event.type === "checkout.session.completed") {
          const session = event.data.object;
          const change = await tx.planChange.findFirst({
            where: { id: session.client_reference_id ?? "", providerRef: session.id, status: "pending" },
          });
          if (!change) return { status: "ignored" as const, eventId: event.id };
          await applyUpgrade(tx, {
            accountId: change.accountId,
            plan: change.toPlan,
            provider: "stripe",
            now,
          });
          await tx.planChange.update({
            where: { id: change.id },
            data: { status: "applied", appliedAt: now },
          });
          return { status: "applied" as const, eventId: event.id };
        }
        if (event.type === "customer.subscription.deleted") {
          const accountId = event.data.object.metadata.accountId;
          const account = accountId ? await tx.account.findUnique({ where: { id: accountId } }) : null;
          if (!account || account.plan === "FREE") return { status: "ignored" as const, eventId: event.id };
          const effectiveAt =
            account.planPeriodEnd && account.planPeriodEnd > now ? account.planPeriodEnd : now;
          await tx.planChange.create({
            data: {
              accountId: account.id,
              fromPlan: account.plan,
              toPlan: "FREE",
              status: "scheduled",
              requestedBy: STRIPE_ACTOR,
              provider: "stripe",
              idempotencyKey: `stripe:${event.id}`,
              effectiveAt,
            },
          });
          await tx.account.update({ where: { id: account.id }, data: { pendingPlan: "FREE" } });
          return {
            status: "scheduled" as const,
            eventId: event.id,
            schedule: { accountId: account.id, runAt: effectiveAt },
          };
        }
        return { status: "ignored" as const, eventId: event.id };
      })
      .then(async (outcome) => {
        if ("schedule" in outcome && outcome.schedule) {
          const { accountId, runAt } = outcome.schedule;
          await scheduleJob(
            PLAN_PERIOD_END_TASK,
            { accountId },
            { runAt, jobKey: planPeriodJobKey(accountId) },
          );
        }
        return { status: outcome.status, eventId: outcome.eventId };
      });
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "duplicate", eventId: event.id };
    throw error;
  }
}
