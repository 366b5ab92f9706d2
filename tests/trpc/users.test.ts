import { describe, expect, it } from "vitest";
import { authenticateBasic } from "@/server/services/accounts/authenticate-basic";
import { completePasswordReset, startPasswordReset } from "@/server/services/accounts/passwords";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

describe("[USERS] account users", () => {
  it("adds a user who can authenticate, then deactivates and removes them", async () => {
    const owner = await createTestAccount();
    const me = trpcAs(owner);
    const username = uniqueName("dev");
    await me.account.createUser({ username, email: `${username}@example.org`, password: "first-password" });
    const login = { accountName: owner.accountName, username, password: "first-password" };
    await expect(authenticateBasic(login)).resolves.toMatchObject({ username });

    await me.account.changePassword({ username, password: "second-password" });
    await expect(authenticateBasic(login)).rejects.toThrow(`Bad credentials for ${username}.`);
    await expect(authenticateBasic({ ...login, password: "second-password" })).resolves.toMatchObject({
      username,
    });

    await me.account.setUserActive({ username, isActive: false });
    await expect(authenticateBasic({ ...login, password: "second-password" })).rejects.toThrow(
      `User ${username} is disabled.`,
    );
    await me.account.deleteUser({ username });
    expect((await me.account.listUsers()).map((u) => u.username)).toEqual([owner.username]);
  });

  it("keeps the last active user", async () => {
    const owner = await createTestAccount();
    await expect(trpcAs(owner).account.deleteUser({ username: owner.username })).rejects.toThrow(
      /last active user/,
    );
    await expect(
      trpcAs(owner).account.setUserActive({ username: owner.username, isActive: false }),
    ).rejects.toThrow(/last active user/);
  });

  it("resets a password through a one-time link", async () => {
    const owner = await createTestAccount();
    let link = "";
    const answer = await startPasswordReset({
      accountName: owner.accountName,
      username: owner.username,
      notify: (url) => (link = url),
    });
    const missing = await startPasswordReset({ accountName: owner.accountName, username: "nobody-here" });
    expect(answer).toBe(missing);
    const login = { accountName: owner.accountName, username: owner.username, password: owner.password };
    // Starting a reset locks nobody out: the old password works until the reset is done.
    await expect(authenticateBasic(login)).resolves.toMatchObject({ username: owner.username });

    const token = new URL(link).searchParams.get("token") ?? "";
    await completePasswordReset({ token, password: "brand-new-password" });
    await expect(authenticateBasic({ ...login, password: "brand-new-password" })).resolves.toMatchObject({
      username: owner.username,
    });
    await expect(authenticateBasic(login)).rejects.toThrow(/Bad credentials/);
    await expect(completePasswordReset({ token, password: "again-password" })).rejects.toThrow(
      /invalid or has expired/,
    );
  });

  it("explains a taken account name, username and email at sign-up", async () => {
    const first = await createTestAccount();
    await expect(
      trpcAs(null).auth.signUp({
        account: first.accountName,
        username: first.username,
        email: `${uniqueName("x")}@example.org`,
        password: "long-enough-password",
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: `The account name ${first.accountName} is taken; choose another.`,
    });
  });
});
