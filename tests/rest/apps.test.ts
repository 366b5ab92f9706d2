import { describe, expect, it, onTestFinished } from "vitest";
import { ORIGIN, rest, signUpRest } from "./rest-client";
import { installMongoStandIn } from "../support/mongodb-stand-in";
import { onPaidPlan } from "../support/paid-plan";
import { uniqueName } from "../support/test-accounts";

describe("[REST] apps", () => {
  it("creates an app with an inline repository and never returns the credentials", async () => {
    const { account, auth } = await signUpRest();
    const name = uniqueName("blog");
    const made = await rest("POST", `${account}/apps`, {
      auth,
      body: {
        name,
        repository: {
          location: "https://bob:hunter2@git.example.org/x.git",
          ssh_key: Buffer.from(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n",
          ).toString("base64"),
        },
        envvars: [
          { name: "SECRET_KEY", value: "s3cr3t-value" },
          { name: "DEBUG", value: "1" },
        ],
      },
    });
    expect(made.status).toBe(201);
    expect(made.headers.get("location")).toBe(`${ORIGIN}/0.9/${account}/apps/${name}`);
    expect(made.body).toMatchObject({
      label: "app",
      name,
      variant: "python",
      instances: 1,
      repo_commit: "HEAD",
      dns_record: `${name}-${account}.localhost`,
      cname_records: [],
      published: false,
      repository: { href: `${ORIGIN}/0.9/${account}/apps/${name}/services/repository`, rel: "related" },
      link: { href: `${ORIGIN}/0.9/${account}/apps/${name}`, rel: "self" },
    });
    expect(made.body.envvars).toEqual([
      { name: "DEBUG", value: "1", secret: false },
      { name: "SECRET_KEY", value: "****", secret: true },
    ]);
    const repo = await rest("GET", `${account}/apps/${name}/services/repository`, { auth });
    expect(repo.body).toMatchObject({
      label: "repository",
      name,
      variant: "git",
      location: "https://bob:****@git.example.org/x.git",
      has_ssh_key: true,
    });
    for (const answer of [made, repo, await rest("GET", `${account}/apps`, { auth })]) {
      expect(answer.text).not.toContain("hunter2");
      expect(answer.text).not.toContain("s3cr3t-value");
      expect(answer.text).not.toContain("PRIVATE KEY");
    }
  });

  it("lists, updates and deletes apps", async () => {
    const { account, auth } = await signUpRest();
    await onPaidPlan(account);
    const name = uniqueName("app");
    await rest("POST", `${account}/apps`, { auth, body: { name } });
    const listed = await rest("GET", `${account}/apps`, { auth });
    expect(listed.body).toMatchObject({
      size: 1,
      link: { href: `${ORIGIN}/0.9/${account}/apps`, rel: "self" },
    });
    const updated = await rest("PUT", `${account}/apps/${name}`, {
      auth,
      body: { instances: 2, repo_commit: "v1.2", cname_records: [{ record: "www.example.org" }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      instances: 2,
      repo_commit: "v1.2",
      cname_records: [{ record: "www.example.org" }],
    });
    expect((await rest("DELETE", `${account}/apps/${name}`, { auth })).status).toBe(204);
    expect((await rest("GET", `${account}/apps/${name}`, { auth })).body).toEqual({
      code: 404,
      error: "App not found.",
    });
  });

  it("rejects malformed input and keeps the app as it was", async () => {
    const { account, auth } = await signUpRest();
    const name = uniqueName("app");
    await rest("POST", `${account}/apps`, { auth, body: { name, instances: 2 } });
    const broken = await rest("PUT", `${account}/apps/${name}`, { auth, rawBody: "{not json" });
    expect(broken.body).toEqual({ code: 400, error: "Malformed input data." });
    const wrongType = await rest("PUT", `${account}/apps/${name}`, { auth, body: { instances: "three" } });
    expect(wrongType.body).toEqual({ code: 400, error: "Malformed input data." });
    const array = await rest("POST", `${account}/apps`, { auth, body: [1, 2] });
    expect(array.body).toEqual({ code: 400, error: "Malformed input data." });
    const quota = await rest("PUT", `${account}/apps/${name}`, { auth, body: { instances: 4 } });
    expect(quota.body).toEqual({ code: 403, error: "Quota reached." });
    expect((await rest("GET", `${account}/apps/${name}`, { auth })).body).toMatchObject({ instances: 2 });
  });

  it("changing the repository reference keeps the old repository", async () => {
    const { account, auth } = await signUpRest();
    const name = uniqueName("app");
    const other = uniqueName("other");
    await rest("POST", `${account}/apps`, {
      auth,
      body: { name, repository: { name: "first-repo", location: "https://git.example.org/first.git" } },
    });
    await rest("POST", `${account}/apps`, { auth, body: { name: other } });
    await rest("PUT", `${account}/apps/${name}`, {
      auth,
      body: { repository: { name: "second-repo", location: "https://git.example.org/second.git" } },
    });
    const relinked = await rest("POST", `${account}/apps/${other}/services`, {
      auth,
      body: { label: "repository", name: "first-repo" },
    });
    expect(relinked.status).toBe(201);
    expect(relinked.body).toMatchObject({
      name: "first-repo",
      location: "https://git.example.org/first.git",
    });
  });

  it("keeps a secret variable when its masked value is sent back", async () => {
    const { account, auth } = await signUpRest();
    const name = uniqueName("app");
    const made = await rest("POST", `${account}/apps`, {
      auth,
      body: { name, envvars: [{ name: "API_TOKEN", value: "abc123456" }] },
    });
    const roundTrip = await rest("PUT", `${account}/apps/${name}`, { auth, body: made.body });
    expect(roundTrip.status).toBe(200);
    const { getDb } = await import("@/server/db/client");
    const { decryptSecret } = await import("@/server/services/secrets/cipher");
    const row = await getDb().envVar.findFirstOrThrow({
      where: { name: "API_TOKEN", app: { name, account: { name: account } } },
    });
    expect(decryptSecret(row.value)).toBe("abc123456");
  });

  it("another account's user gets 403 and never sees the app", async () => {
    const alice = await signUpRest();
    const mallory = await signUpRest();
    const name = uniqueName("app");
    await rest("POST", `${alice.account}/apps`, { auth: alice.auth, body: { name } });
    for (const [method, path] of [
      ["GET", `${alice.account}/apps`],
      ["GET", `${alice.account}/apps/${name}`],
      ["DELETE", `${alice.account}/apps/${name}`],
      ["GET", `${alice.account}/users`],
    ] as const) {
      const answer = await rest(method, path, { auth: mallory.auth });
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ code: 403, error: `User ${mallory.auth.username} does not exist.` });
    }
    expect((await rest("GET", `${mallory.account}/apps/${name}`, { auth: mallory.auth })).status).toBe(404);
    expect((await rest("GET", `${alice.account}/apps/${name}`, { auth: alice.auth })).status).toBe(200);
  });
});

describe("[REST] services", () => {
  it("creates, shows, updates and deletes every kind of service (MongoDB: a stand-in for a MongoDB server)", async () => {
    const { account, auth } = await signUpRest();
    const app = uniqueName("svc");
    await rest("POST", `${account}/apps`, { auth, body: { name: app } });
    const base = `${account}/apps/${app}/services`;

    const pg = await rest("POST", base, { auth, body: { label: "postgres" } });
    expect(pg.status).toBe(201);
    expect(pg.headers.get("location")).toBe(`${ORIGIN}/0.9/${base}/postgres`);
    expect(pg.body).toMatchObject({
      label: "postgres",
      variant: "postgres_micro",
      // Provisioned at once on the apps' PostgreSQL (tests/support/global-database.ts).
      host: "127.0.0.1",
      port: expect.stringMatching(/^\d+$/),
      password: "****",
    });
    // A stand-in for a MongoDB server (none can run here) answers for the operator's server.
    const mongoServer = installMongoStandIn();
    onTestFinished(() => mongoServer.restore());
    const mongo = await rest("POST", base, { auth, body: { label: "mongodb" } });
    expect(mongo.status).toBe(201);
    expect(mongo.body).toMatchObject({
      label: "mongodb",
      variant: "mongodb_micro",
      host: "mongo.internal",
      port: "27018",
      password: "****",
    });
    const worker = await rest("POST", base, {
      auth,
      body: { label: "worker", instances: 2, envvars: [{ name: "Q", value: "jobs" }] },
    });
    expect(worker.body).toMatchObject({ label: "worker", variant: "python", instances: 2 });
    const repo = await rest("POST", base, {
      auth,
      body: { label: "repository", variant: "mercurial", location: "ssh://hg@example.org/r" },
    });
    expect(repo.body).toMatchObject({ label: "repository", variant: "mercurial" });

    const shownApp = await rest("GET", `${account}/apps/${app}`, { auth });
    for (const label of ["repository", "postgres", "mongodb", "worker"]) {
      expect(shownApp.body[label]).toEqual({ href: `${ORIGIN}/0.9/${base}/${label}`, rel: "related" });
    }
    expect((await rest("PUT", `${base}/worker`, { auth, body: { instances: 1 } })).body).toMatchObject({
      instances: 1,
    });
    expect((await rest("PUT", `${base}/worker`, { auth, body: { instances: 9 } })).body).toEqual({
      code: 403,
      error: "Quota reached.",
    });
    expect(
      (await rest("PUT", `${base}/repository`, { auth, body: { location: "https://example.org/r" } })).body,
    ).toMatchObject({
      location: "https://example.org/r",
    });
    expect((await rest("POST", base, { auth, body: { label: "postgres" } })).status).toBe(409);
    expect((await rest("GET", `${base}/redis`, { auth })).body).toEqual({
      code: 404,
      error: "Service not found.",
    });
    expect((await rest("POST", base, { auth, body: { label: "redis" } })).status).toBe(400);

    for (const label of ["repository", "postgres", "mongodb", "worker"]) {
      expect((await rest("DELETE", `${base}/${label}`, { auth })).status).toBe(204);
      expect((await rest("GET", `${base}/${label}`, { auth })).body).toEqual({
        code: 404,
        error: "Service not found.",
      });
    }
  });
});
