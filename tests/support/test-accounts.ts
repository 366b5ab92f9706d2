import { randomBytes } from "node:crypto";
import { signUp } from "@/server/services/accounts/sign-up";
import type { Caller } from "@/server/services/caller";
import { createCaller } from "@/server/trpc/root";

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(5).toString("hex")}`.slice(0, 30);
}

/** A fresh account with one user, signed up through the real service. */
export async function createTestAccount(prefix = "acct"): Promise<Caller & { password: string }> {
  const name = uniqueName(prefix);
  const password = "correct-horse-battery";
  const { account, user } = await signUp({
    account: name,
    username: uniqueName("u"),
    email: `${uniqueName("mail")}@example.org`,
    password,
  });
  return {
    userId: user.id,
    username: user.username ?? "",
    accountId: account.id,
    accountName: account.name,
    password,
  };
}

/** A tRPC caller for a signed-in user, without HTTP in between. */
export function trpcAs(caller: Caller | null) {
  return createCaller({ caller, headers: new Headers() });
}
