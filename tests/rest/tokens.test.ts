import { describe, expect, it } from "vitest";
import { rest, signUpRest } from "./rest-client";

describe("[TOKENS] personal API tokens over REST 0.9", () => {
  it("creates a token shown once, accepts it as the password, lists it without the secret, revokes it", async () => {
    const { account, auth } = await signUpRest();
    const made = await rest("POST", `${account}/tokens`, { auth, body: { name: "laptop" } });
    expect(made.status).toBe(201);
    expect(made.headers.get("location")).toMatch(new RegExp(`/0\\.9/${account}/tokens/laptop$`));
    const token = String(made.body.token);
    expect(token).toMatch(/^thirty_[A-Za-z0-9_-]{40,}$/);

    const withToken = { username: auth.username, password: token };
    expect((await rest("GET", `${account}/authcheck`, { auth: withToken })).status).toBe(204);

    const listed = await rest("GET", `${account}/tokens`, { auth: withToken });
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(token);
    const items = listed.body.items as { name: string; last_used: string | null; created: string }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: "laptop" });
    expect(items[0]?.last_used).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    expect((await rest("POST", `${account}/tokens`, { auth, body: { name: "laptop" } })).status).toBe(409);
    expect((await rest("POST", `${account}/tokens`, { auth, body: { name: "no/slash" } })).status).toBe(400);

    expect((await rest("DELETE", `${account}/tokens/laptop`, { auth })).status).toBe(204);
    const refused = await rest("GET", `${account}/authcheck`, { auth: withToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe(`Bad credentials for ${auth.username}.`);
    expect((await rest("DELETE", `${account}/tokens/laptop`, { auth })).status).toBe(404);
  });

  it("a token belongs to its user: another user of the account cannot use it", async () => {
    const { account, auth } = await signUpRest();
    const other = { username: `${auth.username}x`, password: "another-long-password" };
    await rest("POST", `${account}/users`, {
      auth,
      body: { ...other, email: `${other.username}@example.org` },
    });
    const made = await rest("POST", `${account}/tokens`, { auth, body: { name: "ci" } });
    const stolen = { username: other.username, password: String(made.body.token) };
    expect((await rest("GET", `${account}/authcheck`, { auth: stolen })).status).toBe(403);
    // Each user sees only their own tokens.
    const theirs = await rest("GET", `${account}/tokens`, { auth: other });
    expect(theirs.body.size).toBe(0);
  });
});
