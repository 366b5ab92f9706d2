import "server-only";
import { RateLimitedError } from "@/server/services/errors";
import { PostgresRateLimitStore } from "./postgres-rate-limit-store";
import type { RateLimitStore } from "./rate-limit-store";

/**
 * The limits on guessing passwords and on starting resets, per user name and per client
 * address. THIRTY_AUTH_RATE_LIMIT=off lifts them (test suites sign in many users from one
 * address). An unknown address (no server vouched for it) is limited per user name only:
 * one shared bucket for every such request would let one client lock everyone out.
 */
export type LimitRule = { limit: number; windowMs: number };

export const BASIC_AUTH_FAILURES: LimitRule = { limit: 10, windowMs: 60_000 };
export const RESET_PER_USER: LimitRule = { limit: 5, windowMs: 60 * 60_000 };
export const RESET_PER_ADDRESS: LimitRule = { limit: 20, windowMs: 60 * 60_000 };

const holder = globalThis as unknown as { thirtyRateLimitStore?: RateLimitStore };

export function rateLimitStore(): RateLimitStore {
  holder.thirtyRateLimitStore ??= new PostgresRateLimitStore();
  return holder.thirtyRateLimitStore;
}

/** For unit tests: use another store (e.g. MemoryRateLimitStore). */
export function setRateLimitStore(store: RateLimitStore | undefined): void {
  holder.thirtyRateLimitStore = store;
}

export function authLimitsEnabled(): boolean {
  return process.env.THIRTY_AUTH_RATE_LIMIT !== "off";
}

function retryAfter(resetsAt: Date): number {
  return Math.max(1, Math.ceil((resetsAt.getTime() - Date.now()) / 1000));
}

function keys(kind: string, options: { account: string; username: string; address?: string }): string[] {
  const result = [`${kind}:user:${options.account}/${options.username}`];
  if (options.address) result.push(`${kind}:address:${options.address}`);
  return result;
}

/** Throws RateLimitedError when the user name or the address has failed too often lately. */
export async function assertBasicAuthAllowed(options: {
  account: string;
  username: string;
  address?: string;
}): Promise<void> {
  if (!authLimitsEnabled()) return;
  const store = rateLimitStore();
  for (const key of keys("basic", options)) {
    const window = await store.peek(key, BASIC_AUTH_FAILURES.windowMs);
    if (window.count >= BASIC_AUTH_FAILURES.limit) throw new RateLimitedError(retryAfter(window.resetsAt));
  }
}

/**
 * Counts a failed Basic authentication against the user name and the address. Successes
 * reset nothing: a right password from one address must not wipe the failures another
 * address piled up against the same user.
 */
export async function recordBasicAuthFailure(options: {
  account: string;
  username: string;
  address?: string;
}): Promise<void> {
  if (!authLimitsEnabled()) return;
  const store = rateLimitStore();
  for (const key of keys("basic", options)) await store.hit(key, BASIC_AUTH_FAILURES.windowMs);
}

/** Counts a reset request; throws RateLimitedError past the per-user or per-address limit. */
export async function countPasswordReset(options: {
  account: string;
  username: string;
  address?: string;
}): Promise<void> {
  if (!authLimitsEnabled()) return;
  const store = rateLimitStore();
  const [userKey, addressKey] = keys("reset", options);
  const checks: [string | undefined, LimitRule][] = [
    [userKey, RESET_PER_USER],
    [addressKey, RESET_PER_ADDRESS],
  ];
  for (const [key, rule] of checks) {
    if (!key) continue;
    const window = await store.hit(key, rule.windowMs);
    if (window.count > rule.limit) throw new RateLimitedError(retryAfter(window.resetsAt));
  }
}
