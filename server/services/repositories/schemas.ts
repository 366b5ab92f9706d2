import { z } from "zod";
import { ZRepositoryName } from "@/server/services/names";
import { localLocationProblem } from "./local-repositories";

const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f]/;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s]+$/;
const ALLOWED_SCHEMES = new Set(["http", "https", "ssh", "git", "file", "git+ssh", "ssh+git"]);

/**
 * Why a location cannot be used, or null when it can. Local paths and file:// URLs must be
 * under THIRTY_LOCAL_REPOSITORIES (checked on the server only, see local-repositories.ts);
 * the deploy's fetch step calls this too, so the API and the deploy agree.
 */
export function locationProblem(location: string): string | null {
  if (location.startsWith("-")) return "A repository location cannot start with a hyphen.";
  if (CONTROL_OR_SPACE.test(location))
    return "A repository location cannot contain spaces or control characters.";
  // git's "ext::" and similar transports run arbitrary commands on the platform.
  if (/^[a-z0-9+.-]+::/i.test(location)) return "Remote helper locations (like ext::) are not allowed.";
  const scheme = SCHEME.exec(location)?.[1]?.toLowerCase();
  if (scheme) {
    if (!ALLOWED_SCHEMES.has(scheme)) {
      return `The ${scheme}:// scheme is not supported; use https://, ssh://, git://, file:// or a local path.`;
    }
    return scheme === "file" ? localLocationProblem(location) : null;
  }
  if (SCP_LIKE.test(location)) return null;
  if (location.startsWith("/")) return localLocationProblem(location);
  return "Give a URL (https://…, ssh://…), user@host:path, or an absolute local path.";
}

export const ZRepositoryLocation = z
  .string({ error: "Enter the repository's location." })
  .trim()
  .min(1, "Enter the repository's location.")
  .max(2000, "A repository location can be at most 2000 characters.")
  .superRefine((location, ctx) => {
    const problem = locationProblem(location);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Accepts base64 of a private key (the API's format) or the PEM text itself (an upload). */
export function decodeSshKey(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith("-----BEGIN")) return `${trimmed}\n`;
  // atob, not Buffer: the same schema validates uploads in the browser.
  try {
    return `${atob(trimmed.replace(/\s+/g, "")).trim()}\n`;
  } catch {
    return "";
  }
}

export function sshKeyProblem(value: string): string | null {
  const pem = decodeSshKey(value);
  if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) || !/-----END [A-Z ]*PRIVATE KEY-----\s*$/.test(pem)) {
    return "The SSH key must be a private key (base64 of the key file, or the key file itself).";
  }
  if (/ENCRYPTED/.test(pem))
    return "The SSH key is protected by a passphrase: deploy keys must be password-less.";
  return null;
}

export const ZSshKey = z
  .string()
  .max(20_000, "That SSH key is too large.")
  .superRefine((value, ctx) => {
    const problem = sshKeyProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const ZRepositoryVariant = z.enum(["git", "mercurial"], {
  error: "A repository's variant is git or mercurial.",
});

/** A repository given inline (created) or by name (an existing one of the account). */
export const ZRepositoryInput = z.object({
  name: ZRepositoryName.optional(),
  variant: ZRepositoryVariant.optional(),
  location: ZRepositoryLocation.optional(),
  ssh_key: ZSshKey.optional(),
});
export type TRepositoryInput = z.infer<typeof ZRepositoryInput>;

export const ZUpdateRepositoryRequest = z.object({
  name: ZRepositoryName.optional(),
  variant: ZRepositoryVariant.optional(),
  location: ZRepositoryLocation.optional(),
  /** A new key, or null / "" to remove the stored one. */
  ssh_key: z.union([ZSshKey, z.literal(""), z.null()]).optional(),
});
export type TUpdateRepositoryRequest = z.infer<typeof ZUpdateRepositoryRequest>;
