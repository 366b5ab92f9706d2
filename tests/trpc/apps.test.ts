import { describe, expect, it, onTestFinished } from "vitest";
import { getDb } from "@/server/db/client";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { installMongoStandIn } from "../support/mongodb-stand-in";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

describe("[APPS] apps and their services through tRPC", () => {
  it("creates an app with an inline repository and a database, and masks credentials", async () => {
    const me = trpcAs(await createTestAccount());
    const name = uniqueName("blog");
    const app = await me.apps.create({
      name,
      repository: { location: "https://bob:hunter2@git.example.org/blog.git" },
      database: true,
      envvars: [
        { name: "DEBUG", value: "0" },
        { name: "API_TOKEN", value: "tok-123456" },
      ],
    });
    expect(app.repository).toMatchObject({
      name,
      variant: "git",
      location: "https://bob:****@git.example.org/blog.git",
    });
    expect(app.postgres).toMatchObject({ host: "127.0.0.1", password: "****" });
    expect(app.envvars).toEqual([
      { name: "API_TOKEN", value: "****", secret: true },
      { name: "DEBUG", value: "0", secret: false },
    ]);
    expect(JSON.stringify(app)).not.toContain("hunter2");
    expect(JSON.stringify(app)).not.toContain("tok-123456");

    const stored = await getDb().repository.findFirstOrThrow({
      where: { name, apps: { some: { id: app.id } } },
    });
    expect(stored.locationEncrypted).not.toContain("hunter2");
    expect(decryptSecret(stored.locationEncrypted)).toBe("https://bob:hunter2@git.example.org/blog.git");
  });

  it("keeps a secret when its masked value is sent back, and replaces it when changed", async () => {
    const me = trpcAs(await createTestAccount());
    const name = uniqueName("app");
    await me.apps.create({ name, envvars: [{ name: "DB_PASSWORD", value: "first-secret" }] });
    const read = await me.apps.get({ name });
    await me.apps.update({ name, changes: { envvars: [...read.envvars, { name: "MODE", value: "prod" }] } });
    const row = await getDb().envVar.findFirstOrThrow({ where: { name: "DB_PASSWORD", app: { name } } });
    expect(decryptSecret(row.value)).toBe("first-secret");

    await me.apps.update({ name, changes: { envvars: [{ name: "DB_PASSWORD", value: "second-secret" }] } });
    const changed = await getDb().envVar.findFirstOrThrow({ where: { name: "DB_PASSWORD", app: { name } } });
    expect(decryptSecret(changed.value)).toBe("second-secret");
    expect((await me.apps.get({ name })).envvars.map((v) => v.name)).toEqual(["DB_PASSWORD"]);
  });

  it("enforces the free tier's 3 instances on apps and workers", async () => {
    const me = trpcAs(await createTestAccount());
    const name = uniqueName("app");
    await expect(me.apps.create({ name, instances: 4 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await me.apps.create({ name, instances: 3 });
    await expect(me.apps.update({ name, changes: { instances: 5 } })).rejects.toThrow(/Quota reached/);
    await expect(
      me.services.create({ app: name, service: { label: "worker", instances: 4 } }),
    ).rejects.toThrow(/Quota reached/);
    expect((await me.apps.get({ name })).instances).toBe(3);
  });

  it("rejects a duplicate name with a field message and loses nothing", async () => {
    const me = trpcAs(await createTestAccount());
    const name = uniqueName("app");
    await me.apps.create({ name, instances: 2 });
    await expect(me.apps.create({ name })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `An app named ${name} already exists in this account.`,
    });
    expect((await me.apps.get({ name })).instances).toBe(2);
  });

  it("never deletes a repository another app still uses", async () => {
    const me = trpcAs(await createTestAccount());
    const first = uniqueName("one");
    const second = uniqueName("two");
    const repo = uniqueName("shared");
    await me.apps.create({
      name: first,
      repository: { name: repo, location: "https://git.example.org/shared.git" },
    });
    await me.apps.create({ name: second, repository: repo });
    await me.apps.delete({ name: first });
    expect((await me.apps.get({ name: second })).repository).toMatchObject({ name: repo, sharedWithApps: 1 });
    await me.services.delete({ app: second, label: "repository" });
    expect(await getDb().repository.count({ where: { name: repo } })).toBe(0);
  });

  it("manages each kind of service (MongoDB: a stand-in for a MongoDB server)", async () => {
    const mongo = installMongoStandIn();
    onTestFinished(() => mongo.restore());
    const me = trpcAs(await createTestAccount());
    const app = uniqueName("svc");
    await me.apps.create({ name: app });
    await me.services.create({
      app,
      service: { label: "repository", variant: "mercurial", location: "ssh://hg@example.org/r" },
    });
    await me.services.create({
      app,
      service: { label: "worker", instances: 2, envvars: [{ name: "QUEUE", value: "q" }] },
    });
    await me.services.create({ app, service: { label: "mongodb" } });
    await me.services.create({ app, service: { label: "postgres" } });
    await expect(me.services.create({ app, service: { label: "postgres" } })).rejects.toMatchObject({
      code: "CONFLICT",
    });

    await me.services.update({ app, service: { label: "worker", instances: 1 } });
    await me.services.update({ app, service: { label: "repository", location: "https://example.org/r" } });
    const view = await me.apps.get({ name: app });
    expect(view.worker).toEqual({
      variant: "python",
      instances: 1,
      envvars: [{ name: "QUEUE", value: "q", secret: false }],
    });
    expect(view.repository).toMatchObject({
      variant: "mercurial",
      location: "https://example.org/r",
      hasSshKey: false,
    });
    expect(view.mongodb).toMatchObject({
      variant: "mongodb_micro",
      host: "mongo.internal",
      port: "27018",
      password: "****",
    });

    for (const label of ["worker", "mongodb", "postgres", "repository"] as const) {
      await me.services.delete({ app, label });
      await expect(me.services.get({ app, label })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(mongo.users.size).toBe(0);
  });

  it("rejects locations and refs that could inject options", async () => {
    const me = trpcAs(await createTestAccount());
    const hostile = [
      { location: "--upload-pack=touch /tmp/pwned" },
      { location: "ext::sh -c touch% /tmp/pwned" },
      { location: "https://example.org/x.git --config=core.sshCommand=evil" },
    ];
    for (const repository of hostile) {
      await expect(me.apps.create({ name: uniqueName("bad"), repository })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
    await expect(
      me.apps.create({ name: uniqueName("bad"), repo_commit: "--output=/etc/passwd" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
