import "server-only";
import { getConfig } from "@/server/config";

/**
 * Origins the dashboard is served from: THIRTY_PUBLIC_URL, better-auth's URL, and the
 * local addresses of the port (a browser on the machine itself). better-auth trusts the
 * same list, so sign-in and the dashboard's mutations agree.
 */
export function trustedOrigins(): string[] {
  const config = getConfig();
  const origins = [
    config.publicUrl,
    process.env.BETTER_AUTH_URL,
    `http://localhost:${config.port}`,
    `http://127.0.0.1:${config.port}`,
  ];
  return [...new Set(origins.filter((o): o is string => !!o).map((o) => new URL(o).origin))];
}

/**
 * Why a state-changing request looks cross-site, or null. The rule:
 * - an `Origin` header must be one of trustedOrigins() (`null` and any other origin fail;
 *   apps are served on sibling hosts of the platform domain, so "same-site" is not enough);
 * - without `Origin`, a browser's `Sec-Fetch-Site` must be `same-origin` or `none`;
 * - with neither header the caller is not a browser (curl, server-side code) and cannot
 *   carry a victim's cookies by accident, so it passes.
 */
export function crossSiteProblem(
  headers: Headers,
  allowed: readonly string[] = trustedOrigins(),
): string | null {
  const origin = headers.get("origin");
  if (origin !== null) {
    return allowed.includes(origin) ? null : `Requests from ${origin} are not allowed.`;
  }
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    return "Cross-site requests are not allowed.";
  }
  return null;
}
