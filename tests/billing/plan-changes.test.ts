import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { applyScheduledPlanChange } from "@/server/services/billing/apply-scheduled-plan-change";
import { changePlan } from "@/server/services/billing/change-plan";
import { getBillingOverview } from "@/server/services/billing/get-billing-overview";
import { previewPlanChange } from "@/server/services/billing/preview-plan-change";
import { publishApp } from "@/server/services/billing/publish-app";
import { ZBillingDetails } from "@/server/services/billing/schemas";
import { rest, signUpRest } from "../rest/rest-client";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

const DETAILS = {
  name: "Ada Lovelace",
  address: "Keizersgracht 1",
  postalCode: "1015 CJ",
  city: "Amsterdam",
  country: "NL",
  vatId: "NL 123456789 B01",
  email: "billing@example.org",
};

describe("[BILLING] plan changes", () => {
  it("upgrades at once with the invoice provider, idempotently, and audits who, when, from and to", async () => {
    const caller = await createTestAccount("up");
    const key = uniqueName("confirm");
    const first = await changePlan(caller, {
      plan: "STANDARD",
      details: ZBillingDetails.parse(DETAILS),
      idempotencyKey: key,
    });
    const again = await changePlan(caller, {
      plan: "STANDARD",
      details: ZBillingDetails.parse(DETAILS),
      idempotencyKey: key,
    });
    expect(first).toEqual({ status: "applied", plan: "STANDARD" });
    expect(again).toEqual(first);
    const overview = await getBillingOverview(caller);
    expect(overview.plan.id).toBe("STANDARD");
    expect(overview.provider).toBe("invoice");
    expect(overview.profile).toMatchObject({ vatId: "NL123456789B01", country: "NL" });
    expect(overview.history).toHaveLength(1);
    expect(overview.history[0]).toMatchObject({
      from: "FREE",
      to: "STANDARD",
      status: "applied",
      requestedBy: caller.username,
    });
    expect(overview.periodEnd?.getUTCDate()).toBe(1);
  });

  it("refuses an upgrade without billing details, field by field", async () => {
    const caller = await createTestAccount("nodetails");
    await expect(
      trpcAs(caller).billing.changePlan({
        plan: "TEAM",
        idempotencyKey: uniqueName("k"),
        details: { ...DETAILS, email: "not-an-address", country: "Netherlands" },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      trpcAs(caller).billing.changePlan({ plan: "TEAM", idempotencyKey: uniqueName("k") }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("billing details") });
  });

  it("schedules a downgrade for the end of the period, lists the apps it unpublishes, then applies it", async () => {
    const caller = await createTestAccount("down");
    await changePlan(caller, {
      plan: "STANDARD",
      details: ZBillingDetails.parse(DETAILS),
      idempotencyKey: uniqueName("k"),
    });
    const name = uniqueName("app");
    await trpcAs(caller).apps.create({ name });
    const app = await getDb().app.findFirstOrThrow({ where: { name, accountId: caller.accountId } });
    await publishApp({ appId: app.id });

    const preview = await previewPlanChange(caller, { plan: "FREE" });
    expect(preview).toMatchObject({ direction: "downgrade", appsToUnpublish: [name] });
    const scheduled = await changePlan(caller, { plan: "FREE", idempotencyKey: uniqueName("k") });
    expect(scheduled).toMatchObject({ status: "scheduled", plan: "FREE", unpublishedApps: [name] });
    expect((await getDb().account.findUniqueOrThrow({ where: { id: caller.accountId } })).plan).toBe(
      "STANDARD",
    );

    // Too early: nothing changes.
    expect(await applyScheduledPlanChange({ accountId: caller.accountId })).toEqual([]);
    const periodEnd = (await getDb().account.findUniqueOrThrow({ where: { id: caller.accountId } }))
      .planPeriodEnd;
    const after = new Date((periodEnd ?? new Date()).getTime() + 1000);
    expect(await applyScheduledPlanChange({ accountId: caller.accountId, now: after })).toEqual([name]);
    const account = await getDb().account.findUniqueOrThrow({ where: { id: caller.accountId } });
    expect(account).toMatchObject({ plan: "FREE", pendingPlan: null });
    expect((await getDb().app.findUniqueOrThrow({ where: { id: app.id } })).published).toBe(false);
    const unpublish = await getDb().action.findFirst({ where: { appId: app.id, kind: "unpublish" } });
    expect(unpublish?.requestedBy).toBe("billing");
    const history = (await getBillingOverview(caller)).history;
    expect(history.map((h) => `${h.from}->${h.to}:${h.status}`)).toEqual([
      "STANDARD->FREE:applied",
      "FREE->STANDARD:applied",
    ]);
  });

  it("shows plan and plan_upgrade_uri on the REST account, and the upgrade URI opens the billing page", async () => {
    const me = await signUpRest();
    const account = await rest("GET", me.account, { auth: me.auth });
    expect(account.body).toMatchObject({ plan: "FREE" });
    expect(String(account.body.plan_upgrade_uri)).toMatch(/\/billing\/upgrade\?key=/);
  });

  it("queues a publish that a FREE account sees refused in its logbook with the upgrade link", async () => {
    const me = await signUpRest();
    await rest("POST", `${me.account}/apps`, { auth: me.auth, body: { name: "web" } });
    const queued = await rest("POST", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { action: "publish" },
    });
    expect(queued.status).toBe(202);
  });
});
