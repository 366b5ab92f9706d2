import { realpath } from "node:fs/promises";
import path from "node:path";

/**
 * Resolves `relative` inside `checkoutDir`, or returns null when it would point outside:
 * absolute paths, `..` escapes and symlinks leading elsewhere are all refused, because the
 * platform would otherwise read or run files outside the user's repository.
 */
export async function confineToCheckout(checkoutDir: string, relative: string): Promise<string | null> {
  if (path.isAbsolute(relative)) return null;
  const base = await realpath(checkoutDir);
  const joined = path.resolve(base, relative);
  if (!isInside(base, joined)) return null;
  const resolved = await realpath(joined).catch(() => joined);
  return isInside(base, resolved) ? resolved : null;
}

function isInside(base: string, candidate: string): boolean {
  const rel = path.relative(base, candidate);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}
