/** What a push event says, read defensively: the body is whatever the sender put there. */
export type PushEvent = {
  /** `refs/heads/main`, `refs/tags/v1`, … */
  ref: string;
  /** The commit the ref points at after the push; null when the push deleted the ref. */
  commit: string | null;
  /** Who pushed, as the forge names them (null when it does not say). */
  pusher: string | null;
  /** The repository's default branch, when the event names it (GitHub, Gitea, GitLab do). */
  defaultBranch: string | null;
};

const ZERO_SHA = /^0+$/;
const SHA = /^[0-9a-f]{7,64}$/i;

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A short single-line text from the payload, or null: it ends up in a logbook and the UI. */
function text(value: unknown, max = 100): string | null {
  if (typeof value !== "string") return null;
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean ? clean.slice(0, max) : null;
}

/** The push event in a body (JSON), or null when the body is not one. */
export function parsePushEvent(body: string): PushEvent | null {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return null;
  }
  const ref = text(field(payload, "ref"), 300);
  if (!ref) return null;
  const after = text(field(payload, "after"), 64) ?? text(field(payload, "checkout_sha"), 64);
  const deleted = field(payload, "deleted") === true || (after !== null && ZERO_SHA.test(after));
  const commit = deleted || !after || !SHA.test(after) ? null : after.toLowerCase();
  const pusher =
    text(field(payload, "pusher", "name")) ?? // GitHub
    text(field(payload, "pusher", "username")) ?? // Gitea
    text(field(payload, "pusher", "login")) ?? // Gitea, older
    text(field(payload, "user_username")) ?? // GitLab
    text(field(payload, "user_name")); // GitLab
  const defaultBranch =
    text(field(payload, "repository", "default_branch"), 200) ??
    text(field(payload, "project", "default_branch"), 200);
  return { ref, commit: deleted ? null : commit, pusher, defaultBranch };
}

/**
 * The branch names a push to the app's `repo_commit` arrives as. `HEAD` follows the repository's
 * default branch (as the event names it). Mercurial apps: `HEAD` is hg's `default` branch, and
 * forges that serve hg over git-like events (Heptapod) name branch X `branch/X`.
 */
export function branchesFor(
  repoCommit: string,
  variant: "git" | "mercurial",
  defaultBranch: string | null,
): string[] {
  const wanted = repoCommit === "HEAD" ? (variant === "mercurial" ? "default" : defaultBranch) : repoCommit;
  if (!wanted) return [];
  return variant === "mercurial" ? [wanted, `branch/${wanted}`] : [wanted];
}

/** Whether the pushed ref is the app's branch, so the push changes what a deploy would fetch. */
export function pushesAppBranch(
  event: PushEvent,
  app: { repoCommit: string; variant: "git" | "mercurial" },
): boolean {
  if (!event.ref.startsWith("refs/heads/")) return false;
  const branch = event.ref.slice("refs/heads/".length);
  return branchesFor(app.repoCommit, app.variant, event.defaultBranch).includes(branch);
}
