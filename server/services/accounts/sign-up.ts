import { randomBytes } from "node:crypto";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { AppError, isUniqueViolation } from "@/server/services/errors";
import { accountNameProblem } from "@/server/services/hostnames";
import { findTakenUserFields, insertUserWithPassword } from "./insert-user";
import type { TSignUpRequest } from "./schemas";

/** Creates an account and its first user in one transaction. */
export async function signUp(input: TSignUpRequest) {
  if (!getConfig().signupOpen) {
    throw new AppError(
      "SIGNUP_CLOSED",
      "Sign-up is closed on this platform. Ask its operator for an account.",
    );
  }
  const db = getDb();
  try {
    return await db.$transaction(async (tx) => {
      const issues = await findTakenUserFields(tx, input);
      if (await tx.account.findUnique({ where: { name: input.account }, select: { id: true } })) {
        issues.unshift({
          path: "account",
          message: `The account name ${input.account} is taken; choose another.`,
        });
      } else {
        const problem = await accountNameProblem(tx, input.account);
        if (problem) issues.unshift({ path: "account", message: problem });
      }
      if (issues.length > 0) throw new AppError("CONFLICT", issues[0]?.message ?? "Already taken.", issues);
      const account = await tx.account.create({
        data: { name: input.account, planUpgradeKey: randomBytes(12).toString("hex") },
      });
      const user = await insertUserWithPassword(tx, { ...input, accountId: account.id });
      return { account, user };
    });
  } catch (error) {
    // Two sign-ups racing for the same name: the loser gets the same clear message.
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "That account name, username or email was just taken; choose another.");
    }
    throw error;
  }
}
