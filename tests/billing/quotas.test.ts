import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { changePlan } from "@/server/services/billing/change-plan";
import { publishApp } from "@/server/services/billing/publish-app";
import { ZBillingDetails } from "@/server/services/billing/schemas";
import { rest, signUpRest } from "../rest/rest-client";
import { makeGitRepository } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

// The test repositories are made under the system temp dir: allow local repositories there.

const DETAILS = {
  name: "Ada Lovelace",
  address: "Keizersgracht 1",
  postalCode: "1015 CJ",
  city: "Amsterdam",
  country: "nl",
  email: "billing@example.org",
};

async function freeAppOverRest() {
  const me = await signUpRest();
  const repo = makeGitRepository({ "app.py": "x = 1\n" });
  const created = await rest("POST", `${me.account}/apps`, {
    auth: me.auth,
    body: { name: "web", repository: { name: "web", location: repo.dir } },
  });
  expect(created.status, created.text).toBe(201);
  return me;
}

describe("[BILLING] free-tier quotas on every path", () => {
  it("answers REST 403 Quota reached for scale, update, CNAMEs, deploy and the worker", async () => {
    const me = await freeAppOverRest();
    const quota = { code: 403, error: "Quota reached." };
    const scale = await rest("POST", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { action: "scale", options: { instances: 4 } },
    });
    expect(scale.body).toEqual(quota);
    expect(
      (await rest("PUT", `${me.account}/apps/web`, { auth: me.auth, body: { instances: 4 } })).body,
    ).toEqual(quota);
    const cname = await rest("PUT", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { cname_records: [{ record: `${uniqueName("www")}.example.org` }] },
    });
    expect(cname.body).toEqual(quota);
    const created = await rest("POST", `${me.account}/apps`, {
      auth: me.auth,
      body: { name: "other", cname_records: [{ record: `${uniqueName("www")}.example.org` }] },
    });
    expect(created.body).toEqual(quota);
    const worker = await rest("POST", `${me.account}/apps/web/services`, {
      auth: me.auth,
      body: { label: "worker", instances: 4 },
    });
    expect(worker.body).toEqual(quota);
    // An app left over its limit (e.g. configured before a downgrade) cannot be deployed so.
    await getDb().app.updateMany({
      where: { name: "web", account: { name: me.account } },
      data: { instances: 5 },
    });
    const deploy = await rest("POST", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { action: "deploy" },
    });
    expect(deploy.body).toEqual(quota);
    // Within the limits everything is accepted.
    const ok = await rest("POST", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { action: "scale", options: { instances: 3 } },
    });
    expect(ok.status).toBe(202);
  });

  it("gives the dashboard (tRPC) the same rule with a message that points at the upgrade", async () => {
    const caller = await createTestAccount("quota");
    const name = uniqueName("app");
    await expect(trpcAs(caller).apps.create({ name, instances: 4 })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Upgrade your plan"),
    });
    await trpcAs(caller).apps.create({ name });
    await expect(
      trpcAs(caller).apps.update({ name, changes: { cname_records: [{ record: "shop.example.org" }] } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("custom domains") });
    await expect(
      trpcAs(caller).actions.queue({
        app: name,
        target: "app",
        request: { action: "scale", options: { instances: 4 } },
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets a paid plan keep CNAMEs on unpublished apps, and lifts the instance limit once published", async () => {
    const caller = await createTestAccount("paid");
    const name = uniqueName("app");
    await trpcAs(caller).apps.create({ name });
    await changePlan(caller, {
      plan: "STANDARD",
      details: ZBillingDetails.parse(DETAILS),
      idempotencyKey: uniqueName("key"),
    });
    const cname = `${uniqueName("shop")}.example.org`;
    await trpcAs(caller).apps.update({ name, changes: { cname_records: [{ record: cname }] } });
    await expect(trpcAs(caller).apps.update({ name, changes: { instances: 4 } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const app = await getDb().app.findFirstOrThrow({ where: { name, accountId: caller.accountId } });
    await publishApp({ appId: app.id });
    await expect(trpcAs(caller).apps.update({ name, changes: { instances: 10 } })).resolves.toMatchObject({
      instances: 10,
    });
    await expect(trpcAs(caller).apps.update({ name, changes: { instances: 11 } })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Standard plan"),
    });
  });
});
