import "server-only";
import type { Caller } from "@/server/services/caller";
import { RateLimitedError } from "@/server/services/errors";
import { rateLimitStore } from "./auth-limits";

/**
 * A budget of costly requests per account and window, counted in the shared store so every web
 * process (and both transports) spends the same one. Per account, not per user: sign-up is open,
 * and an account's users together must not keep the database busy for everyone else.
 */
export type AccountLimit = {
  /** Names the budget in the store's keys. */
  name: string;
  limit: number;
  windowMs: number;
  /** What the refused caller reads, given the seconds until the window ends. */
  refusal: (retryAfterSeconds: number) => string;
};

/** Counts one request against the account's budget; throws RateLimitedError once it is spent. */
export async function spendAccountLimit(caller: Caller, rule: AccountLimit): Promise<void> {
  const window = await rateLimitStore().hit(`${rule.name}:${caller.accountId}`, rule.windowMs);
  if (window.count <= rule.limit) return;
  const retryAfter = Math.max(1, Math.ceil((window.resetsAt.getTime() - Date.now()) / 1000));
  throw new RateLimitedError(retryAfter, rule.refusal(retryAfter));
}
