export const MASK = "****";

/**
 * Hides the password of a URL with credentials (`https://bob:secret@host/repo` →
 * `https://bob:****@host/repo`). Locations without a password come back unchanged.
 */
export function maskLocation(location: string): string {
  return location.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^/@:\s]*):([^/@\s]*)@/i,
    (_all, scheme: string, user: string) => {
      return `${scheme}${user}:${MASK}@`;
    },
  );
}

/** Replaces every occurrence of each secret in a text (for log lines and messages). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 3) result = result.split(secret).join(MASK);
  }
  return result;
}
