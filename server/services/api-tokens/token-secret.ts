import { createHash, randomBytes } from "node:crypto";

/**
 * Tokens carry a recognisable prefix, so authentication only looks one up when a password
 * could be a token, and a leaked one is easy to spot in a scan. 32 random bytes make a
 * guess hopeless, which is why a fast sha256 is enough to store them (unlike passwords).
 */
export const TOKEN_PREFIX = "thirty_";

export function newTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashTokenSecret(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeToken(password: string): boolean {
  return password.startsWith(TOKEN_PREFIX) && password.length > TOKEN_PREFIX.length + 20;
}
