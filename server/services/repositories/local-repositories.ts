import path from "node:path";

/**
 * The directories under which a local path or file:// repository may be deployed
 * (THIRTY_LOCAL_REPOSITORIES, colon-separated absolute paths). Unset or empty: none, so a
 * tenant cannot deploy another tenant's cache or the platform's own source.
 */
export function allowedLocalRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.THIRTY_LOCAL_REPOSITORIES ?? "")
    .split(":")
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith("/"))
    .map((entry) => path.resolve(entry));
}
