export const MASK = "****";

// In ssh URLs the user name is an account on the server (`ssh://git@host/…`), not a secret.
const SSH_SCHEMES = new Set(["ssh", "git+ssh", "ssh+git"]);
const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is;

type Credentials = { scheme: string; user: string; password: string | null; host: string; rest: string };

/** The credentials part of `scheme://userinfo@host…`, or null when there is none. */
function splitCredentials(location: string): Credentials | null {
  const parts = URL_PARTS.exec(location);
  if (!parts) return null;
  const [, scheme = "", authority = "", rest = ""] = parts;
  // The host follows the last "@": a password may itself contain an unencoded "@".
  const at = authority.lastIndexOf("@");
  if (at < 0) return null;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(":");
  return {
    scheme,
    user: colon < 0 ? userinfo : userinfo.slice(0, colon),
    password: colon < 0 ? null : userinfo.slice(colon + 1),
    host: authority.slice(at + 1),
    rest,
  };
}

/**
 * Hides the credentials of a URL: the password (`https://bob:secret@host/repo` →
 * `https://bob:****@host/repo`) and a token given as the user name (`https://TOKEN@host/…`
 * → `https://****@host/…`, as GitHub and GitLab tokens are often written). The user of an
 * ssh URL and of `git@host:path` is shown: it names an account, it is no secret.
 */
export function maskLocation(location: string): string {
  const found = splitCredentials(location);
  if (!found) return location;
  const { scheme, user, password, host, rest } = found;
  if (password !== null) return `${scheme}://${user}:${MASK}@${host}${rest}`;
  if (SSH_SCHEMES.has(scheme.toLowerCase()) || user === "") return location;
  return `${scheme}://${MASK}@${host}${rest}`;
}

/** The secrets inside a location (as written and percent-decoded), for redacting output. */
export function locationSecrets(location: string): string[] {
  const found = splitCredentials(location);
  if (!found) return [];
  const secrets =
    found.password !== null
      ? [found.password]
      : SSH_SCHEMES.has(found.scheme.toLowerCase())
        ? []
        : [found.user];
  return secrets
    .filter((s) => s.length > 0)
    .flatMap((s) => {
      try {
        return [s, decodeURIComponent(s)];
      } catch {
        return [s];
      }
    });
}

/** Replaces every occurrence of each secret in a text (for log lines and messages). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 3) result = result.split(secret).join(MASK);
  }
  return result;
}
