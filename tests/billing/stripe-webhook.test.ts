import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/billing/stripe-webhook/route";
import { getDb } from "@/server/db/client";
import { createTestAccount, uniqueName } from "../support/test-accounts";

// Stripe's servers are unreachable here: these tests stand in for them. Each payload is
// signed by Stripe's own test helper (stripe.webhooks.generateTestHeaderString) with the
// endpoint secret, exactly as Stripe signs a real delivery.
const SECRET = "whsec_test_thirtyloops_signing_secret";
const stripe = new Stripe("sk_test_not_used_no_network");

beforeAll(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_not_used_no_network";
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
});
afterAll(() => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
});

/** A pending upgrade as the Stripe provider leaves it after creating a Checkout session. */
async function pendingUpgrade() {
  const caller = await createTestAccount("stripe");
  const sessionId = `cs_test_${uniqueName("s")}`;
  const change = await getDb().planChange.create({
    data: {
      accountId: caller.accountId,
      fromPlan: "FREE",
      toPlan: "TEAM",
      status: "pending",
      requestedBy: caller.username,
      provider: "stripe",
      providerRef: sessionId,
      idempotencyKey: uniqueName("k"),
      effectiveAt: new Date(),
    },
  });
  return { caller, sessionId, change };
}

function completedEvent(sessionId: string, planChangeId: string) {
  return JSON.stringify({
    id: `evt_${uniqueName("e")}`,
    object: "event",
    type: "checkout.session.completed",
    data: {
      object: { id: sessionId, object: "checkout.session", client_reference_id: planChangeId, metadata: {} },
    },
  });
}

function deliver(payload: string, signature: string | null) {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (signature) headers.set("Stripe-Signature", signature);
  return POST(
    new Request("http://localhost/api/billing/stripe-webhook", { method: "POST", headers, body: payload }),
  );
}

describe("[BILLING] Stripe webhook (mocked Stripe servers, payloads signed by Stripe's test helper)", () => {
  it("applies the upgrade for a valid signed checkout.session.completed", async () => {
    const { caller, sessionId, change } = await pendingUpgrade();
    const payload = completedEvent(sessionId, change.id);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const response = await deliver(payload, signature);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "applied" });
    const account = await getDb().account.findUniqueOrThrow({ where: { id: caller.accountId } });
    expect(account).toMatchObject({ plan: "TEAM", billingProvider: "stripe" });
    expect((await getDb().planChange.findUniqueOrThrow({ where: { id: change.id } })).status).toBe("applied");
  });

  it("rejects a tampered payload and a missing signature, changing nothing", async () => {
    const { caller, sessionId, change } = await pendingUpgrade();
    const payload = completedEvent(sessionId, change.id);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const tampered = payload.replace("TEAM", "TEAM").replace(sessionId, `${sessionId}x`);
    expect((await deliver(tampered, signature)).status).toBe(400);
    const wrongSecret = stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_other" });
    expect((await deliver(payload, wrongSecret)).status).toBe(400);
    expect((await deliver(payload, null)).status).toBe(400);
    const account = await getDb().account.findUniqueOrThrow({ where: { id: caller.accountId } });
    expect(account.plan).toBe("FREE");
  });

  it("treats a replayed delivery as a no-op, and refuses a stale signature", async () => {
    const { sessionId, change } = await pendingUpgrade();
    const payload = completedEvent(sessionId, change.id);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    expect(await (await deliver(payload, signature)).json()).toMatchObject({ status: "applied" });
    expect(await (await deliver(payload, signature)).json()).toMatchObject({ status: "duplicate" });
    const old = stripe.webhooks.generateTestHeaderString({
      payload: completedEvent(sessionId, change.id),
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect((await deliver(completedEvent(sessionId, change.id), old)).status).toBe(400);
  });
});
