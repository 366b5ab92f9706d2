import { describe, expect, it } from "vitest";
import { authenticateBasic } from "@/server/services/accounts/authenticate-basic";
import { createTestAccount, trpcAs } from "../support/test-accounts";

describe("[TOKENS] the account page's token procedures", () => {
  it("creates a token shown once, lists it without the secret, and revokes it", async () => {
    const caller = await createTestAccount("tok");
    const trpc = trpcAs(caller);
    const created = await trpc.tokens.create({ name: "laptop" });
    expect(created.token).toMatch(/^thirty_/);
    const listed = await trpc.tokens.list();
    expect(listed).toEqual([{ name: "laptop", createdAt: expect.any(Date) as unknown, lastUsedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const basic = { accountName: caller.accountName, username: caller.username, password: created.token };
    await expect(authenticateBasic(basic)).resolves.toMatchObject({ userId: caller.userId });
    expect((await trpc.tokens.list())[0]?.lastUsedAt).toBeInstanceOf(Date);

    await trpc.tokens.delete({ name: "laptop" });
    await expect(authenticateBasic(basic)).rejects.toThrow(`Bad credentials for ${caller.username}.`);
    await expect(trpc.tokens.delete({ name: "laptop" })).rejects.toThrow("Token not found.");
    await expect(trpcAs(null).tokens.list()).rejects.toThrow();
  });
});
