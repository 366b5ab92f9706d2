import { describe, expect, it } from "vitest";
import { parsePushEvent, pushesAppBranch } from "./push-event";

const event = (ref: string, defaultBranch: string | null = "main") => ({
  ref,
  commit: "a".repeat(40),
  pusher: null,
  defaultBranch,
});

describe("push events", () => {
  it("reads GitHub's, Gitea's and GitLab's fields, and strips control characters from the pusher", () => {
    expect(
      parsePushEvent(
        JSON.stringify({ ref: "refs/heads/main", after: "ABCDEF1234", pusher: { name: "eve\u001b[31m\n" } }),
      ),
    ).toEqual({ ref: "refs/heads/main", commit: "abcdef1234", pusher: "eve[31m", defaultBranch: null });
    expect(
      parsePushEvent(
        JSON.stringify({
          ref: "refs/heads/x",
          checkout_sha: "1234567",
          user_username: "gl",
          project: { default_branch: "x" },
        }),
      ),
    ).toEqual({ ref: "refs/heads/x", commit: "1234567", pusher: "gl", defaultBranch: "x" });
    expect(
      parsePushEvent(JSON.stringify({ ref: "refs/heads/x", deleted: true, after: "1234567" }))?.commit,
    ).toBeNull();
    expect(parsePushEvent("not json")).toBeNull();
    expect(parsePushEvent(JSON.stringify({ zen: "no ref" }))).toBeNull();
  });

  it("matches the app's branch; HEAD follows the default branch; hg's HEAD is default", () => {
    const git = (repoCommit: string) => ({ repoCommit, variant: "git" as const });
    expect(pushesAppBranch(event("refs/heads/main"), git("HEAD"))).toBe(true);
    expect(pushesAppBranch(event("refs/heads/dev"), git("HEAD"))).toBe(false);
    expect(pushesAppBranch(event("refs/heads/main", null), git("HEAD"))).toBe(false);
    expect(pushesAppBranch(event("refs/heads/dev"), git("dev"))).toBe(true);
    expect(pushesAppBranch(event("refs/tags/dev"), git("dev"))).toBe(false);
    const hg = (repoCommit: string) => ({ repoCommit, variant: "mercurial" as const });
    expect(pushesAppBranch(event("refs/heads/default", null), hg("HEAD"))).toBe(true);
    expect(pushesAppBranch(event("refs/heads/branch/default", null), hg("HEAD"))).toBe(true);
    expect(pushesAppBranch(event("refs/heads/branch/stable"), hg("stable"))).toBe(true);
    expect(pushesAppBranch(event("refs/heads/main"), hg("HEAD"))).toBe(false);
  });
});
