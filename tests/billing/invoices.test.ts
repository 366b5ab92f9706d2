import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { changePlan } from "@/server/services/billing/change-plan";
import { ensureInvoice } from "@/server/services/billing/ensure-invoice";
import { publishApp } from "@/server/services/billing/publish-app";
import { recordInstanceStart } from "@/server/services/billing/record-instance-start";
import { recordInstanceStop } from "@/server/services/billing/record-instance-stop";
import { usageLines } from "@/server/services/billing/usage-lines";
import { rest, signUpRest } from "../rest/rest-client";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

const HOUR = 3_600_000;

describe("[BILLING] invoices and usage", () => {
  it("numbers invoices sequentially across the platform, without gaps, even when requested at once", async () => {
    const accounts = await Promise.all([1, 2, 3, 4].map(() => createTestAccount("inv")));
    const periodStart = new Date(Date.UTC(2031, 0, 1));
    const invoices = await Promise.all(
      accounts.flatMap((a) => [
        ensureInvoice({ accountId: a.accountId, periodStart }),
        ensureInvoice({ accountId: a.accountId, periodStart }),
      ]),
    );
    const numbers = [...new Set(invoices.map((i) => i.number))].sort();
    expect(numbers).toHaveLength(4);
    const sequence = numbers.map((n) => Number(n.split("-")[1]));
    for (let i = 1; i < sequence.length; i++) expect(sequence[i]).toBe((sequence[i - 1] ?? 0) + 1);
    expect(numbers[0]).toMatch(/^2031-\d{6}$/);
  });

  it("meters real instance lifetimes, split free and paid at the moment the app is published", async () => {
    const caller = await createTestAccount("meter");
    const name = uniqueName("app");
    await trpcAs(caller).apps.create({ name, database: true });
    const app = await getDb().app.findFirstOrThrow({ where: { name, accountId: caller.accountId } });
    const db = getDb();
    const start = new Date(Date.now() - 3 * HOUR);
    await recordInstanceStart(db, { instanceId: `${app.id}~app1`, appId: app.id, kind: "app", at: start });
    await recordInstanceStart(db, { instanceId: `${app.id}~app1`, appId: app.id, kind: "app", at: start });
    await changePlan(caller, {
      plan: "STANDARD",
      idempotencyKey: uniqueName("k"),
      details: {
        name: "A",
        address: "Street 1",
        postalCode: "1000",
        city: "X",
        country: "NL",
        email: "a@example.org",
      },
    });
    const publishedAt = new Date(start.getTime() + HOUR);
    await publishApp({ appId: app.id, now: publishedAt });
    const stoppedAt = new Date(start.getTime() + 2.5 * HOUR);
    await recordInstanceStop(db, { instanceId: `${app.id}~app1`, at: stoppedAt });
    const usage = await usageLines({
      accountId: caller.accountId,
      appId: app.id,
      start: new Date(start.getTime() - HOUR),
      end: new Date(start.getTime() + 10 * HOUR),
      now: new Date(),
    });
    expect(usage.free).toContainEqual({ item: "Instance 256MB", quantity: 1, unit: "hours" });
    expect(usage.paid).toContainEqual({ item: "Instance 512MB", quantity: 1.5, unit: "hours" });
    expect(usage.paid).toContainEqual({ item: "Postgresql Micro", quantity: 1, unit: "count" });
  });

  it("answers the Billing API with its documented shapes", async () => {
    const me = await signUpRest();
    await rest("POST", `${me.account}/apps`, { auth: me.auth, body: { name: "web" } });
    const current = await rest("GET", `${me.account}/invoices/current`, { auth: me.auth });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({
      invoice_number: expect.stringMatching(/^\d{4}-\d{6}$/),
      billing_datetime: expect.stringMatching(/Z$/),
      created: expect.stringMatching(/Z$/),
      free: [],
      paid: [],
    });
    const past = await rest("GET", `${me.account}/invoices`, { auth: me.auth });
    expect(past.body).toMatchObject({ items: [], size: 0 });
    const byNumber = await rest("GET", `${me.account}/invoices/${String(current.body.invoice_number)}`, {
      auth: me.auth,
    });
    expect(byNumber.body.invoice_number).toBe(current.body.invoice_number);
    const usage = await rest("GET", `${me.account}/app/web/usage/current`, { auth: me.auth });
    expect(usage.body).toMatchObject({ app: "web", free: [], paid: [] });
    expect((await rest("GET", `${me.account}/invoices/2000-000001`, { auth: me.auth })).status).toBe(404);
    expect((await rest("GET", `${me.account}/app/nope/usage/current`, { auth: me.auth })).status).toBe(404);
  });
});
