import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { createCaller } from "@/server/trpc/root";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";
import { onPaidPlan } from "../support/paid-plan";
import { signUp } from "@/server/services/accounts/sign-up";

const SITE = "http://localhost:3000";

describe("[EDGE] tRPC mutations from another origin", () => {
  it("refuses a cross-site mutation and changes nothing; queries and origin-less calls pass", async () => {
    const me = await createTestAccount();
    const name = uniqueName("app");
    const evil = createCaller({ caller: me, headers: new Headers({ origin: "https://evil.example" }) });
    await expect(evil.apps.create({ name })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const sibling = createCaller({ caller: me, headers: new Headers({ "sec-fetch-site": "cross-site" }) });
    await expect(sibling.apps.create({ name })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await getDb().app.count({ where: { accountId: me.accountId, name } })).toBe(0);
    // Reading is not refused, whatever the origin.
    expect(await evil.apps.list()).toEqual([]);
    // The dashboard's own origin, and server-side callers without browser headers, work.
    const own = createCaller({
      caller: me,
      headers: new Headers({ origin: SITE, "sec-fetch-site": "same-origin" }),
    });
    await own.apps.create({ name });
    await trpcAs(me).apps.update({ name, changes: { instances: 2 } });
    expect((await trpcAs(me).apps.get({ name })).instances).toBe(2);
  });
});

describe("[HOSTS] host names are unique across the platform", () => {
  it("refuses an app whose host another account's app already has, also after the data is read back", async () => {
    const base = uniqueName("acme");
    const acme = await createTestAccount();
    // Rename for the test: account `<base>` and an app `my-blog` → my-blog-<base>.
    await getDb().account.update({ where: { id: acme.accountId }, data: { name: base } });
    const owner = { ...acme, accountName: base };
    const made = await trpcAs(owner).apps.create({ name: "my-blog" });
    expect(made.dnsRecord).toBe(`my-blog-${base}.localhost`);

    // An account `blog-<base>` cannot even be signed up (its app `my` would be my-blog-<base>)…
    await expect(
      signUp({
        account: `blog-${base}`,
        username: uniqueName("u"),
        email: `${uniqueName("m")}@example.org`,
        password: "long-enough-password",
      }),
    ).rejects.toThrow(/ends with -/);
    // …and where such an account exists already (made before the rule), its app cannot take the host.
    const squatter = await createTestAccount();
    await getDb().account.update({ where: { id: squatter.accountId }, data: { name: `blog-${base}` } });
    const blog = { ...squatter, accountName: `blog-${base}` };
    await expect(trpcAs(blog).apps.create({ name: "my" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`my-blog-${base}.localhost is already used by another app`),
    });
    // The claim lives in the database: whoever reads it back (a restarted process) sees the first owner.
    const claim = await getDb().hostClaim.findUnique({ where: { host: `my-blog-${base}` } });
    expect(claim).toMatchObject({ appId: made.id, kind: "dns" });
    await expect(trpcAs(blog).apps.create({ name: "my" })).rejects.toMatchObject({ code: "CONFLICT" });
    // Deleting the first app frees the host.
    await trpcAs(owner).apps.delete({ name: "my-blog" });
    expect((await trpcAs(blog).apps.create({ name: "my" })).dnsRecord).toBe(`my-blog-${base}.localhost`);
  });

  it("refuses an account name that another account's name ends with", async () => {
    const long = await createTestAccount();
    await getDb().account.update({
      where: { id: long.accountId },
      data: { name: `shop-${long.accountName}x` },
    });
    await expect(
      signUp({
        account: `${long.accountName}x`,
        username: uniqueName("u"),
        email: `${uniqueName("m")}@example.org`,
        password: "long-enough-password",
      }),
    ).rejects.toThrow(/end of another account's name/);
  });

  it("keeps CNAMEs unique, off the platform domain and away from dns records", async () => {
    const a = await createTestAccount();
    const b = await createTestAccount();
    await onPaidPlan(a.accountName);
    await onPaidPlan(b.accountName);
    const host = `${uniqueName("www")}.example.org`;
    const first = uniqueName("app");
    await trpcAs(a).apps.create({ name: first, cname_records: [{ record: host }] });
    await expect(
      trpcAs(b).apps.create({ name: uniqueName("app"), cname_records: [{ record: host.toUpperCase() }] }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: `${host} is already used by another app.` });
    const other = uniqueName("app");
    await trpcAs(b).apps.create({ name: other });
    await expect(
      trpcAs(b).apps.update({ name: other, changes: { cname_records: [{ record: host }] } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      trpcAs(b).apps.update({
        name: other,
        changes: { cname_records: [{ record: `${first}-${a.accountName}.localhost.test` }] },
      }),
    ).resolves.toBeTruthy();
    // The owner may keep, re-send and drop its own CNAME; then another app may take it.
    await trpcAs(a).apps.update({ name: first, changes: { cname_records: [{ record: host }] } });
    await trpcAs(a).apps.update({ name: first, changes: { cname_records: [] } });
    await trpcAs(b).apps.update({ name: other, changes: { cname_records: [{ record: host }] } });
    expect((await trpcAs(b).apps.get({ name: other })).cnames).toEqual([host]);
  });

  it("refuses a CNAME under the platform domain", async () => {
    const previous = process.env.PLATFORM_DOMAIN;
    process.env.PLATFORM_DOMAIN = "paas.example.org";
    try {
      const a = await createTestAccount();
      await onPaidPlan(a.accountName);
      await expect(
        trpcAs(a).apps.create({
          name: uniqueName("app"),
          cname_records: [{ record: "x-y.paas.example.org" }],
        }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("platform's domain") });
    } finally {
      if (previous === undefined) delete process.env.PLATFORM_DOMAIN;
      else process.env.PLATFORM_DOMAIN = previous;
    }
  });
});

describe("[REFS] the ref rule at the tRPC edge", () => {
  it("refuses revision expressions and options, accepts branches, tags and shas", async () => {
    const me = await createTestAccount();
    for (const bad of ["main~1", "HEAD^", "-x"]) {
      await expect(
        trpcAs(me).apps.create({ name: uniqueName("app"), repo_commit: bad }),
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
    const name = uniqueName("app");
    await trpcAs(me).apps.create({ name });
    for (const good of ["v1.2", "feature/x", "3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6d7e8f901"]) {
      const app = await trpcAs(me).apps.update({ name, changes: { repo_commit: good } });
      expect(app.repoCommit).toBe(good);
    }
    await expect(trpcAs(me).apps.update({ name, changes: { repo_commit: "HEAD^" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("[LOCAL] local repositories only under THIRTY_LOCAL_REPOSITORIES", () => {
  const scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), "thirty-local-")));
  const root = path.join(scratch, "allowed");
  const outside = path.join(scratch, "outside");
  let previous: string | undefined;

  beforeAll(() => {
    mkdirSync(path.join(root, "repo"), { recursive: true });
    mkdirSync(outside, { recursive: true });
    symlinkSync(outside, path.join(root, "escape"));
    previous = process.env.THIRTY_LOCAL_REPOSITORIES;
    process.env.THIRTY_LOCAL_REPOSITORIES = root;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.THIRTY_LOCAL_REPOSITORIES;
    else process.env.THIRTY_LOCAL_REPOSITORIES = previous;
  });

  it("accepts a path or file:// URL inside an allowed root", async () => {
    const me = await createTestAccount();
    for (const location of [path.join(root, "repo"), `file://${path.join(root, "repo")}`]) {
      const app = await trpcAs(me).apps.create({ name: uniqueName("app"), repository: { location } });
      expect(app.repository?.location).toBe(location);
    }
  });

  it("refuses outside, `..` escapes and symlinks that lead out", async () => {
    const me = await createTestAccount();
    for (const location of [
      outside,
      "/etc",
      `${root}/../outside`,
      `file://${root}/repo/../../outside`,
      path.join(root, "escape"),
      path.join(root, "escape", "deeper"),
    ]) {
      await expect(
        trpcAs(me).apps.create({ name: uniqueName("app"), repository: { location } }),
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("THIRTY_LOCAL_REPOSITORIES"),
      });
    }
  });
});
