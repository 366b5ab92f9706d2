import { z } from "zod";

/**
 * Account, app and user names end up in host names (`{app}-{account}.{domain}`), so they
 * follow DNS label rules: lowercase letters, digits and hyphens, starting with a letter.
 */
const DNS_NAME = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;

const RESERVED_ACCOUNT_NAMES = new Set(["signup", "api", "admin", "www", "static", "media", "root", "login"]);

function dnsName(what: string) {
  return z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(2, `${capitalise(what)} must be at least 2 characters.`)
    .max(30, `${capitalise(what)} can be at most 30 characters.`)
    .regex(/^[^A-Z]*$/, `${capitalise(what)} must be lowercase.`)
    .regex(
      DNS_NAME,
      `${capitalise(what)} may contain only lowercase letters, digits and hyphens, must start with a letter and cannot end with a hyphen.`,
    )
    .refine((name) => !name.includes("--"), `${capitalise(what)} cannot contain two hyphens in a row.`);
}

function capitalise(text: string): string {
  const bare = text.replace(/^(a|an) /, "");
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

export const ZAccountName = dnsName("an account name").refine(
  (name) => !RESERVED_ACCOUNT_NAMES.has(name),
  "This account name is reserved; choose another.",
);
export const ZUsername = dnsName("a username");
export const ZAppName = dnsName("an app name");
export const ZRepositoryName = dnsName("a repository name");

export const ZEmail = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "Email addresses can be at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

export const ZPassword = z
  .string({ error: "Enter a password." })
  .min(8, "Passwords must be at least 8 characters.")
  .max(128, "Passwords can be at most 128 characters.");
