import "server-only";
import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { AppError, isUniqueViolation, notFound } from "@/server/services/errors";
import type { TCreateTokenRequest } from "./schemas";
import { hashTokenSecret, newTokenSecret } from "./token-secret";
import { apiTokenSelect, type ApiTokenView } from "./token-view";

/** The calling user's own tokens (a token is personal: nobody else in the account sees it). */
export async function listApiTokens(caller: Caller): Promise<ApiTokenView[]> {
  return getDb().apiToken.findMany({
    where: { userId: caller.userId },
    select: apiTokenSelect,
    orderBy: { createdAt: "asc" },
  });
}

/** Creates a token for the caller; the answer is the only place the token ever appears. */
export async function createApiToken(
  caller: Caller,
  input: TCreateTokenRequest,
): Promise<ApiTokenView & { token: string }> {
  const token = newTokenSecret();
  try {
    const row = await getDb().apiToken.create({
      data: { userId: caller.userId, name: input.name, tokenHash: hashTokenSecret(token) },
      select: apiTokenSelect,
    });
    return { ...row, token };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `Token ${input.name} exists already.`);
    throw error;
  }
}

/** Revokes (deletes) one of the caller's tokens: the next request using it is refused. */
export async function revokeApiToken(caller: Caller, name: string): Promise<void> {
  const { count } = await getDb().apiToken.deleteMany({ where: { userId: caller.userId, name } });
  if (count === 0) throw notFound("Token");
}
