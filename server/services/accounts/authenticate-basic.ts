import "server-only";
import { createHash } from "node:crypto";
import { verifyPassword } from "@/server/auth/auth";
import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { tokenMatches } from "@/server/services/api-tokens/token-matches";
import { AppError, isAppError } from "@/server/services/errors";
import { assertBasicAuthAllowed, recordBasicAuthFailure } from "@/server/services/rate-limits/auth-limits";

// Password hashing is deliberately slow; a CLI following a logbook polls many times a
// second. A verified (user, hash, password) triple is remembered briefly. The key includes
// the stored hash, so a changed password never matches an old entry.
const VERIFIED_TTL_MS = 60_000;
const verified = new Map<string, number>();

function cacheKey(userId: string, hash: string, password: string): string {
  return createHash("sha256").update(`${userId}\0${hash}\0${password}`).digest("hex");
}

async function passwordMatches(userId: string, hash: string, password: string): Promise<boolean> {
  const key = cacheKey(userId, hash, password);
  const until = verified.get(key);
  if (until && until > Date.now()) return true;
  if (!(await verifyPassword(hash, password))) return false;
  if (verified.size > 1000) verified.clear();
  verified.set(key, Date.now() + VERIFIED_TTL_MS);
  return true;
}

/**
 * HTTP Basic authentication of the REST API, with the documented messages in the
 * documented order: account first, then user, then credentials (the password or one of
 * the user's API tokens). Failures count against the user name and the client address
 * (`address`, when known); past the limit every attempt is refused before any password
 * is checked.
 */
export async function authenticateBasic(options: {
  accountName: string;
  username: string;
  password: string;
  address?: string;
}): Promise<Caller> {
  const limited = { account: options.accountName, username: options.username, address: options.address };
  await assertBasicAuthAllowed(limited);
  try {
    return await checkCredentials(options);
  } catch (error) {
    if (isAppError(error) && error.code === "FORBIDDEN") await recordBasicAuthFailure(limited);
    throw error;
  }
}

async function checkCredentials(options: {
  accountName: string;
  username: string;
  password: string;
}): Promise<Caller> {
  const db = getDb();
  const account = await db.account.findUnique({ where: { name: options.accountName } });
  if (!account) throw new AppError("FORBIDDEN", `Account ${options.accountName} does not exist.`);
  if (!account.isActive) throw new AppError("FORBIDDEN", `Account ${options.accountName} is disabled.`);
  const user = await db.user.findFirst({
    where: { accountId: account.id, username: options.username },
    include: { authAccounts: { where: { providerId: "credential" }, select: { password: true } } },
  });
  if (!user) throw new AppError("FORBIDDEN", `User ${options.username} does not exist.`);
  const hash = user.authAccounts[0]?.password;
  // A personal API token stands in for the password; a revoked one simply no longer
  // matches, so it fails (and counts against the limiter) like a wrong password.
  const good =
    (await tokenMatches(user.id, options.password)) ||
    (hash !== undefined && hash !== null && (await passwordMatches(user.id, hash, options.password)));
  if (!good) {
    throw new AppError("FORBIDDEN", `Bad credentials for ${options.username}.`);
  }
  if (!user.isActive) throw new AppError("FORBIDDEN", `User ${options.username} is disabled.`);
  return { userId: user.id, username: options.username, accountId: account.id, accountName: account.name };
}
