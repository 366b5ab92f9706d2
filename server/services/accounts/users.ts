import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { AppError, isUniqueViolation, notFound } from "@/server/services/errors";
import { findTakenUserFields, insertUserWithPassword } from "./insert-user";
import type { TCreateUserRequest, TUpdateUserRequest } from "./schemas";
import { toUserView, userViewSelect, type UserView } from "./user-view";

export async function listUsers(caller: Caller): Promise<UserView[]> {
  const rows = await getDb().user.findMany({
    where: { accountId: caller.accountId },
    select: userViewSelect,
    orderBy: { createdAt: "asc" },
  });
  return rows.map(toUserView);
}

export async function getUser(caller: Caller, username: string): Promise<UserView> {
  const row = await getDb().user.findFirst({
    where: { accountId: caller.accountId, username },
    select: userViewSelect,
  });
  if (!row) throw notFound("User");
  return toUserView(row);
}

export async function createUser(caller: Caller, input: TCreateUserRequest): Promise<UserView> {
  try {
    return await getDb().$transaction(async (tx) => {
      const issues = await findTakenUserFields(tx, input);
      if (issues.length > 0) throw new AppError("CONFLICT", issues[0]?.message ?? "Already taken.", issues);
      const user = await insertUserWithPassword(tx, { ...input, accountId: caller.accountId });
      return toUserView({ ...user });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "That username or email was just taken.");
    throw error;
  }
}

export async function updateUser(
  caller: Caller,
  username: string,
  input: TUpdateUserRequest,
): Promise<UserView> {
  const user = await getUser(caller, username);
  if (input.email === undefined || input.email === user.email) return user;
  const taken = await getDb().user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) {
    const message = `A user with the email ${input.email} already exists.`;
    throw new AppError("CONFLICT", message, [{ path: "email", message }]);
  }
  const row = await getDb().user.update({
    where: { id: user.id },
    data: { email: input.email },
    select: userViewSelect,
  });
  return toUserView(row);
}

/** An account must keep one active user, or nobody could sign in to it again. */
async function assertAnotherActiveUser(caller: Caller, userId: string, verb: string): Promise<void> {
  const others = await getDb().user.count({
    where: { accountId: caller.accountId, isActive: true, id: { not: userId } },
  });
  if (others === 0) {
    throw new AppError(
      "BAD_INPUT",
      `Cannot ${verb} the last active user of the account: add another user first.`,
    );
  }
}

export async function deleteUser(caller: Caller, username: string): Promise<void> {
  const user = await getUser(caller, username);
  await assertAnotherActiveUser(caller, user.id, "delete");
  await getDb().user.delete({ where: { id: user.id } });
}

export async function setUserActive(caller: Caller, username: string, isActive: boolean): Promise<UserView> {
  const user = await getUser(caller, username);
  if (!isActive) await assertAnotherActiveUser(caller, user.id, "deactivate");
  const row = await getDb().$transaction(async (tx) => {
    // A deactivated user's open sessions end now, not when they expire.
    if (!isActive) await tx.session.deleteMany({ where: { userId: user.id } });
    return tx.user.update({ where: { id: user.id }, data: { isActive }, select: userViewSelect });
  });
  return toUserView(row);
}
