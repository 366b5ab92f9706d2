import { describe, expect, it } from "vitest";
import { ORIGIN, rest, signUpRest } from "./rest-client";
import { uniqueName } from "../support/test-accounts";

describe("[REST] signup and authentication", () => {
  it("signs up: 201, Location of the account, account object", async () => {
    const account = uniqueName("signup");
    const answer = await rest("POST", "signup", {
      body: {
        account,
        username: uniqueName("u"),
        email: `${uniqueName("m")}@example.org`,
        password: "long-password",
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("location")).toBe(`${ORIGIN}/0.9/${account}`);
    expect(answer.body).toMatchObject({
      name: account,
      plan: "FREE",
      link: { href: `${ORIGIN}/0.9/${account}`, rel: "self" },
    });
    expect(answer.body.plan_upgrade_uri).toMatch(/^http/);
    expect(answer.headers.get("content-type")).toBe("application/json");
  });

  it("explains a bad or taken account name", async () => {
    const bad = await rest("POST", "signup", {
      body: {
        account: "Bad_Name",
        username: uniqueName("u"),
        email: "x@example.org",
        password: "long-password",
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/lowercase/);
    const { account } = await signUpRest();
    const taken = await rest("POST", "signup", {
      body: {
        account,
        username: uniqueName("u"),
        email: `${uniqueName("m")}@example.org`,
        password: "long-password",
      },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ code: 409, error: `The account name ${account} is taken; choose another.` });
  });

  it("answers 401 with the Basic challenge without credentials", async () => {
    const { account } = await signUpRest();
    const answer = await rest("GET", account);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ code: 401, error: "No authentication provided." });
    expect(answer.headers.get("www-authenticate")).toBe("Basic realm=api@localhost");
  });

  it("answers 403 with the documented messages", async () => {
    const { account, auth } = await signUpRest();
    expect((await rest("GET", "nosuchaccount-x", { auth })).body).toEqual({
      code: 403,
      error: "Account nosuchaccount-x does not exist.",
    });
    expect((await rest("GET", account, { auth: { username: "ghost", password: "x" } })).body).toEqual({
      code: 403,
      error: "User ghost does not exist.",
    });
    expect((await rest("GET", account, { auth: { ...auth, password: "wrong-password" } })).body).toEqual({
      code: 403,
      error: `Bad credentials for ${auth.username}.`,
    });
  });

  it("authcheck is 204 for good credentials; the account shows its plan", async () => {
    const { account, auth } = await signUpRest();
    expect((await rest("GET", `${account}/authcheck`, { auth })).status).toBe(204);
    const shown = await rest("GET", account, { auth });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ name: account, plan: "FREE", users: { rel: "related" } });
  });

  it("answers 404 for unknown paths and 405 for wrong methods", async () => {
    const { account, auth } = await signUpRest();
    expect((await rest("GET", `${account}/nothing/here/at/all/really`, { auth })).status).toBe(404);
    const wrong = await rest("DELETE", account, { auth });
    expect(wrong.status).toBe(405);
    expect(wrong.body).toEqual({ code: 405, error: "Method not allowed." });
    expect((await rest("GET", "signup")).status).toBe(405);
  });
});

describe("[REST] users", () => {
  it("creates, lists, shows, updates and deletes users", async () => {
    const { account, auth } = await signUpRest();
    const username = uniqueName("dev");
    const made = await rest("POST", `${account}/users`, {
      auth,
      body: { username, email: `${username}@example.org`, password: "another-password" },
    });
    expect(made.status).toBe(201);
    expect(made.headers.get("location")).toBe(`${ORIGIN}/0.9/${account}/users/${username}`);
    expect(made.body).toEqual({
      username,
      email: `${username}@example.org`,
      is_active: true,
      link: { href: `${ORIGIN}/0.9/${account}/users/${username}`, rel: "self" },
    });
    const again = await rest("POST", `${account}/users`, {
      auth,
      body: { username, email: `${uniqueName("m")}@example.org`, password: "another-password" },
    });
    expect(again.status).toBe(405);
    const noPassword = await rest("POST", `${account}/users`, {
      auth,
      body: { username: uniqueName("x"), email: "a@b.org" },
    });
    expect(noPassword.status).toBe(400);

    const listed = await rest("GET", `${account}/users`, { auth });
    expect(listed.body).toMatchObject({ size: 2, link: { rel: "self" } });
    expect((listed.body.items as { link: { rel: string } }[])[0]?.link.rel).toBe("item");

    const updated = await rest("PUT", `${account}/users/${username}`, {
      auth,
      body: { email: `new-${username}@example.org` },
    });
    expect(updated.body).toMatchObject({ email: `new-${username}@example.org` });
    const changed = await rest("PUT", `${account}/users/${username}/change_password`, {
      auth,
      body: { password: "third-password" },
    });
    expect(changed.status).toBe(204);
    expect(
      (await rest("GET", `${account}/authcheck`, { auth: { username, password: "third-password" } })).status,
    ).toBe(204);

    expect((await rest("DELETE", `${account}/users/${username}`, { auth })).status).toBe(204);
    expect((await rest("GET", `${account}/users/${username}`, { auth })).body).toEqual({
      code: 404,
      error: "User not found.",
    });
  });

  it("starts a password reset with a neutral answer and locks nobody out", async () => {
    const { account, auth } = await signUpRest();
    const existing = await rest("POST", `${account}/users/${auth.username}/reset_password`);
    const missing = await rest("POST", `${account}/users/nobody-at-all/reset_password`);
    expect(existing.status).toBe(200);
    expect(existing.body).toEqual(missing.body);
    // Anyone may ask for anyone's reset: the old password keeps working until it is completed.
    expect((await rest("GET", `${account}/authcheck`, { auth })).status).toBe(204);
    expect((await rest("GET", account, { auth })).status).toBe(200);
  });
});
