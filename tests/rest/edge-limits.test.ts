import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_STAMPED_ENV } from "@/server/edge/client-address";
import { getDb } from "@/server/db/client";
import { handleRestRequest } from "@/server/rest/router";
import { ORIGIN, rest, signUpRest, type Credentials } from "./rest-client";
import { onPaidPlan } from "../support/paid-plan";
import { uniqueName } from "../support/test-accounts";

// As the platform's server does: the address header is believed because "it" stamped it.
beforeAll(() => {
  process.env[CLIENT_ADDRESS_STAMPED_ENV] = "1";
});

function address(): string {
  return `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;
}

async function call(
  method: string,
  path: string,
  options: { auth?: Credentials; from: string; body?: unknown },
) {
  const headers = new Headers({ "Content-Type": "application/json", [CLIENT_ADDRESS_HEADER]: options.from });
  if (options.auth) {
    const token = Buffer.from(`${options.auth.username}:${options.auth.password}`).toString("base64");
    headers.set("Authorization", `Basic ${token}`);
  }
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const response = await handleRestRequest(new Request(`${ORIGIN}/0.9/${path}`, { method, headers, body }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text || "{}") as unknown };
}

describe("[REST] Basic-auth failures are limited per user name and per address", () => {
  it("answers 429 with Retry-After after 10 failures for one user, from any address", async () => {
    const { account, auth } = await signUpRest();
    const wrong = { ...auth, password: "wrong-password-1" };
    for (let i = 0; i < 10; i++) {
      expect((await call("GET", `${account}/authcheck`, { auth: wrong, from: address() })).status).toBe(403);
    }
    const limited = await call("GET", `${account}/authcheck`, { auth, from: address() });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ code: 429, error: "Too many attempts; try again later." });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  });

  it("limits one address across user names, and a success elsewhere does not reset it", async () => {
    const { account, auth } = await signUpRest();
    const attacker = address();
    for (let i = 0; i < 10; i++) {
      const guess = { username: uniqueName("guess"), password: "nope-nope-nope" };
      expect((await call("GET", `${account}/authcheck`, { auth: guess, from: attacker })).status).toBe(403);
    }
    // The real user, from their own address, still gets in…
    expect((await call("GET", `${account}/authcheck`, { auth, from: address() })).status).toBe(204);
    // …which clears nothing for the attacker's address, even with right credentials.
    expect((await call("GET", `${account}/authcheck`, { auth, from: attacker })).status).toBe(429);
  });
});

describe("[REST] password reset", () => {
  it("locks nobody out: after an anonymous reset the old password still works", async () => {
    const { account, auth } = await signUpRest();
    const reset = await call("POST", `${account}/users/${auth.username}/reset_password`, { from: address() });
    const unknown = await call("POST", `${account}/users/${uniqueName("ghost")}/reset_password`, {
      from: address(),
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual(unknown.body);
    expect((await rest("GET", `${account}/authcheck`, { auth })).status).toBe(204);
    expect((await rest("GET", `${account}/apps`, { auth })).status).toBe(200);
  });

  it("is rate-limited per user", async () => {
    const { account, auth } = await signUpRest();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await call("POST", `${account}/users/${auth.username}/reset_password`, { from: address() })).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await rest("GET", `${account}/authcheck`, { auth })).status).toBe(204);
  });
});

describe("[REST] malformed input at the edge", () => {
  it("answers bad percent-encoding with the documented JSON 400", async () => {
    const response = await handleRestRequest(new Request(`${ORIGIN}/0.9/%E0%A4%A`));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 400, error: "Malformed input data." });
  });

  it("answers a declared body over 1 MB with 413 without reading it", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const response = await handleRestRequest(
      new Request(`${ORIGIN}/0.9/signup`, {
        method: "POST",
        headers: { "Content-Length": String(300 * 1024 * 1024), "Content-Type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 413, error: "Request body too large (at most 1 MB)." });
    expect(pulled).toBeLessThanOrEqual(1);
  });
});

describe("[REST] refs and host names", () => {
  it("refuses main~1, HEAD^ and -x; accepts v1.2, feature/x and a sha", async () => {
    const { account, auth } = await signUpRest();
    for (const bad of ["main~1", "HEAD^", "-x"]) {
      const answer = await rest("POST", `${account}/apps`, {
        auth,
        body: { name: uniqueName("app"), repo_commit: bad },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe(400);
    }
    const name = uniqueName("app");
    expect(
      (await rest("POST", `${account}/apps`, { auth, body: { name, repo_commit: "v1.2" } })).status,
    ).toBe(201);
    for (const good of ["feature/x", "0123456789abcdef0123456789abcdef01234567"]) {
      const answer = await rest("PUT", `${account}/apps/${name}`, { auth, body: { repo_commit: good } });
      expect(answer.status).toBe(200);
      expect(answer.body.repo_commit).toBe(good);
    }
    expect(
      (await rest("PUT", `${account}/apps/${name}`, { auth, body: { repo_commit: "main~1" } })).status,
    ).toBe(400);
  });

  it("refuses an app whose host another account's app has, and a CNAME taken elsewhere", async () => {
    const first = await signUpRest();
    const second = await signUpRest();
    // An account named blog-<first> (made before the naming rule) cannot take my-blog-<first>.
    const blog = `blog-${first.account}`;
    await getDb().account.update({ where: { name: second.account }, data: { name: blog } });
    expect(
      (await rest("POST", `${first.account}/apps`, { auth: first.auth, body: { name: "my-blog" } })).status,
    ).toBe(201);
    const sameHost = await rest("POST", `${blog}/apps`, { auth: second.auth, body: { name: "my" } });
    expect(sameHost.status).toBe(409);
    expect(sameHost.body.error).toBe(
      `The host name my-blog-${first.account}.localhost is already used by another app; choose another app name.`,
    );

    const cname = `${uniqueName("shop")}.example.com`;
    await onPaidPlan(first.account);
    await onPaidPlan(blog);
    const made = await rest("POST", `${first.account}/apps`, {
      auth: first.auth,
      body: { name: uniqueName("app"), cname_records: [{ record: cname }] },
    });
    expect(made.status).toBe(201);
    const clash = await rest("POST", `${blog}/apps`, {
      auth: second.auth,
      body: { name: uniqueName("app"), cname_records: [{ record: cname }] },
    });
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({ code: 409, error: `${cname} is already used by another app.` });

    // A new account whose name ends with -<first account> is refused at sign-up.
    const nested = await rest("POST", "signup", {
      body: {
        account: `shop-${first.account}`,
        username: uniqueName("u"),
        email: `${uniqueName("m")}@example.org`,
        password: "long-enough-password",
      },
    });
    expect(nested.status).toBe(409);
    expect(String(nested.body.error)).toContain(`ends with -${first.account}`);
  });
});
