import { createHmac, timingSafeEqual } from "node:crypto";

export type HookProvider = "github" | "gitea" | "gitlab";

/** The headers a push event carries, by the name each forge gives them. */
export type HookHeaders = { get(name: string): string | null };

export type SignedEvent = {
  provider: HookProvider;
  /** The forge's name for the event: "push", "ping", "Push Hook", … */
  event: string;
};

/** Compares two strings in time that depends only on their lengths (hashes: equal lengths). */
function sameDigest(a: string, b: string): boolean {
  // Hashing both first gives equal-length buffers, so even a wrong-length header takes the
  // same path as a right-length one.
  const left = createHmac("sha256", "compare").update(a).digest();
  const right = createHmac("sha256", "compare").update(b).digest();
  return timingSafeEqual(left, right);
}

function hmacHex(secret: string, body: Uint8Array): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

/**
 * Which forge signed the event, when its signature (GitHub's `X-Hub-Signature-256`, Gitea's
 * `X-Gitea-Signature`: HMAC-SHA256 of the raw body) or token (GitLab's `X-Gitlab-Token`)
 * matches the secret; null otherwise. Every comparison is constant-time. `secret` null (an app
 * without a hook secret, or no app at all) still does the same work and never matches.
 */
export function verifyHookSignature(
  headers: HookHeaders,
  body: Uint8Array,
  secret: string | null,
): SignedEvent | null {
  // A placeholder keeps the work the same whether or not there is a secret to check against.
  const key = secret ?? "no secret: nothing can match";
  const expected = hmacHex(key, body);
  const github = headers.get("x-hub-signature-256");
  const gitea = headers.get("x-gitea-signature");
  const gitlab = headers.get("x-gitlab-token");
  let provider: HookProvider | null = null;
  if (github !== null) {
    if (sameDigest(github.trim().toLowerCase(), `sha256=${expected}`)) provider = "github";
  } else if (gitea !== null) {
    if (sameDigest(gitea.trim().toLowerCase(), expected)) provider = "gitea";
  } else if (gitlab !== null) {
    if (sameDigest(gitlab, key)) provider = "gitlab";
  } else {
    // No signature at all: compare anyway, so "missing" and "wrong" take the same time.
    sameDigest("", expected);
  }
  if (!provider || secret === null) return null;
  const event =
    provider === "github"
      ? headers.get("x-github-event")
      : provider === "gitea"
        ? (headers.get("x-gitea-event") ?? headers.get("x-github-event"))
        : headers.get("x-gitlab-event");
  return { provider, event: (event ?? "").trim() };
}

/** Whether the forge's event name is a push (the only event that deploys). */
export function isPushEvent(event: SignedEvent): boolean {
  return event.provider === "gitlab" ? event.event === "Push Hook" : event.event === "push";
}

/** GitHub's and Gitea's "the hook is set up" event: answered, deploys nothing. */
export function isPingEvent(event: SignedEvent): boolean {
  return event.provider !== "gitlab" && event.event === "ping";
}
