import { describe, expect, it } from "vitest";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

describe("[TENANCY] tRPC procedures are scoped to the caller's account", () => {
  it("hides another account's apps from every procedure", async () => {
    const alice = await createTestAccount("alice");
    const mallory = await createTestAccount("mallory");
    const name = uniqueName("app");
    await trpcAs(alice).apps.create({ name, repository: { location: "https://git.example.org/a.git" } });

    const evil = trpcAs(mallory);
    expect(await evil.apps.list()).toEqual([]);
    await expect(evil.apps.get({ name })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(evil.apps.update({ name, changes: { instances: 2 } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(evil.apps.delete({ name })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(evil.services.get({ app: name, label: "repository" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(evil.services.create({ app: name, service: { label: "worker" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(evil.services.delete({ app: name, label: "repository" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    // Same app name in another account is fine: names are unique per account only.
    await evil.apps.create({ name });
    expect((await trpcAs(alice).apps.get({ name })).instances).toBe(1);
  });

  it("hides another account's users", async () => {
    const alice = await createTestAccount("alice");
    const mallory = await createTestAccount("mallory");
    const evil = trpcAs(mallory);
    expect((await evil.account.listUsers()).map((u) => u.username)).toEqual([mallory.username]);
    await expect(evil.account.deleteUser({ username: alice.username })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      evil.account.setUserActive({ username: alice.username, isActive: false }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      evil.account.changePassword({ username: alice.username, password: "stolen-password" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses anonymous callers", async () => {
    await expect(trpcAs(null).apps.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(trpcAs(null).account.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
