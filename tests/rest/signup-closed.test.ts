import { afterEach, describe, expect, it } from "vitest";
import { uniqueName } from "../support/test-accounts";
import { rest } from "./rest-client";

describe("[REST] operators can close sign-up", () => {
  afterEach(() => {
    delete process.env.THIRTY_SIGNUP;
  });

  it("refuses POST /0.9/signup with 403 and creates nothing", async () => {
    process.env.THIRTY_SIGNUP = "closed";
    const account = uniqueName("closed");
    const answer = await rest("POST", "signup", {
      body: {
        account,
        username: uniqueName("u"),
        email: `${uniqueName("m")}@example.org`,
        password: "long-password",
      },
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatch(/Sign-up is closed/);
    const { getDb } = await import("@/server/db/client");
    expect(await getDb().account.count({ where: { name: account } })).toBe(0);
  });
});
