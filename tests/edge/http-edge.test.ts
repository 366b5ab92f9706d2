import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpRest } from "../rest/rest-client";
import { uniqueName } from "../support/test-accounts";
import { send, startEdgeServer } from "./http-server";

let server: Awaited<ReturnType<typeof startEdgeServer>>;
const MB = 1024 * 1024;

/** A loopback address of its own for each test: its own client address to limit. */
function loopback(): string {
  return `127.${randomInt(1, 250)}.${randomInt(0, 250)}.${randomInt(1, 250)}`;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

beforeAll(async () => {
  server = await startEdgeServer();
});
afterAll(async () => {
  await server.close();
});

describe("[EDGE] request bodies over 1 MB", () => {
  const targets = ["/0.9/signup", "/api/trpc/auth.signUp", "/api/auth/sign-in/username"];

  it("refuses a streamed (chunked) body of 4 MB with 413 before it is all sent, and keeps answering", async () => {
    for (const path of targets) {
      const answer = await send(server.port, {
        method: "POST",
        path,
        from: loopback(),
        headers: { "Content-Type": "application/json", Origin: "http://localhost:3000" },
        stream: 4 * MB,
      });
      expect(answer.status, path).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ code: 413, error: "Request body too large (at most 1 MB)." });
      expect(answer.sentBytes, path).toBeLessThan(4 * MB);
    }
    const after = await send(server.port, { path: "/0.9/nobody", from: loopback() });
    expect(after.status).toBe(401);
  });

  it("refuses a declared 300 MB body at once", async () => {
    for (const path of [...targets, "/some/page"]) {
      const answer = await send(server.port, {
        method: "POST",
        path,
        from: loopback(),
        headers: { "Content-Type": "application/json", "Content-Length": String(300 * MB) },
        stream: 2 * MB,
      });
      expect(answer.status, path).toBe(413);
      expect(answer.headers.connection).toBe("close");
    }
  });

  it("still takes a normal body", async () => {
    const answer = await send(server.port, {
      method: "POST",
      path: "/0.9/signup",
      from: loopback(),
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ account: "x" }),
    });
    expect(answer.status).toBe(400);
  });
});

describe("[EDGE] malformed paths", () => {
  it("answers bad percent-encoding with JSON 400 on the API and a plain 400 elsewhere", async () => {
    const api = await send(server.port, { path: "/0.9/%E0%A4%A", from: loopback() });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body)).toEqual({ code: 400, error: "Malformed input data." });
    const page = await send(server.port, { path: "/apps/%E0%A4%A", from: loopback() });
    expect(page.status).toBe(400);
    expect((await send(server.port, { path: "/0.9/nobody", from: loopback() })).status).toBe(401);
  });
});

describe("[EDGE] client addresses", () => {
  it("limits Basic-auth failures by the socket's address, whatever X-Forwarded-For says", async () => {
    const { account } = await signUpRest();
    const from = loopback();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const answer = await send(server.port, {
        path: `/0.9/${account}/authcheck`,
        from,
        headers: {
          Authorization: basic(uniqueName("u"), "wrong-password"),
          "X-Forwarded-For": `203.0.113.${i}`,
        },
      });
      statuses.push(answer.status);
      if (answer.status === 429) {
        expect(JSON.parse(answer.body)).toMatchObject({ code: 429 });
        expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([...Array<number>(10).fill(403), 429]);
  });

  it("believes X-Forwarded-For only from THIRTY_TRUSTED_PROXIES", async () => {
    process.env.THIRTY_TRUSTED_PROXIES = "127.0.0.0/8";
    try {
      const { account } = await signUpRest();
      const proxy = loopback();
      const clients = Array.from({ length: 12 }, (_, i) => `192.0.2.${100 + i}`);
      for (const client of clients) {
        const answer = await send(server.port, {
          path: `/0.9/${account}/authcheck`,
          from: proxy,
          headers: {
            Authorization: basic(uniqueName("u"), "wrong-password"),
            "X-Forwarded-For": `10.9.9.9, ${client}`,
          },
        });
        // Each client is counted on its own: twelve different addresses, none over the limit.
        expect(answer.status).toBe(403);
      }
    } finally {
      delete process.env.THIRTY_TRUSTED_PROXIES;
    }
  });

  it("keys better-auth's sign-in limit on the socket's address too", async () => {
    const from = loopback();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const answer = await send(server.port, {
        method: "POST",
        path: "/api/auth/sign-in/username",
        from,
        headers: {
          "Content-Type": "application/json",
          Origin: "http://localhost:3000",
          "X-Forwarded-For": `203.0.113.${i}`,
          "X-Thirty-Client-Address": `203.0.113.${i}`,
        },
        body: JSON.stringify({ username: uniqueName("u"), password: "wrong-password" }),
      });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe("[EDGE] tRPC over HTTP", () => {
  it("refuses a cross-site mutation with 403 and runs one from its own origin", async () => {
    const mutation = await send(server.port, {
      method: "POST",
      path: "/api/trpc/auth.signUp",
      from: loopback(),
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      body: JSON.stringify({
        json: {
          account: uniqueName("a"),
          username: uniqueName("u"),
          email: "x@example.org",
          password: "long-enough-pw",
        },
      }),
    });
    expect(mutation.status).toBe(403);
    const ownOrigin = await send(server.port, {
      method: "POST",
      path: "/api/trpc/auth.signUp",
      from: loopback(),
      headers: { "Content-Type": "application/json", Origin: "http://localhost:3000" },
      body: JSON.stringify({
        json: {
          account: uniqueName("a"),
          username: uniqueName("u"),
          email: `${uniqueName("m")}@example.org`,
          password: "long-enough-pw",
        },
      }),
    });
    expect(ownOrigin.status).toBe(200);
  });
});
