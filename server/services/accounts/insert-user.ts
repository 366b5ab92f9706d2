import { randomUUID } from "node:crypto";
import { hashPassword } from "@/server/auth/auth";
import type { PrismaTypes } from "@/server/db/client";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * Writes a user and its password login (better-auth's "credential" account) together.
 * The hash comes from better-auth so its sign-in verifies it.
 */
export async function insertUserWithPassword(
  tx: Tx,
  input: { accountId: string; username: string; email: string; password: string },
) {
  const id = randomUUID();
  const hash = await hashPassword(input.password);
  const user = await tx.user.create({
    data: {
      id,
      name: input.username,
      username: input.username,
      displayUsername: input.username,
      email: input.email,
      accountId: input.accountId,
    },
  });
  await tx.authAccount.create({
    data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash },
  });
  return user;
}

/** Names which of username/email is already taken, for a message that says so. */
export async function findTakenUserFields(
  tx: Tx,
  input: { username: string; email: string },
): Promise<{ path: string; message: string }[]> {
  const issues: { path: string; message: string }[] = [];
  if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } })) {
    issues.push({ path: "username", message: `The username ${input.username} is taken; choose another.` });
  }
  if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    issues.push({ path: "email", message: `A user with the email ${input.email} already exists.` });
  }
  return issues;
}
