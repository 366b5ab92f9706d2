import { execFileSync } from "node:child_process";

/** Runs git in a bench's repository with a fixed identity (the machine may have none). */
export function git(repo: string, ...args: string[]): void {
  execFileSync("git", args, {
    cwd: repo,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "bench",
      GIT_AUTHOR_EMAIL: "bench@example.org",
      GIT_COMMITTER_NAME: "bench",
      GIT_COMMITTER_EMAIL: "bench@example.org",
    },
  });
}

/** Makes `repo` a git repository whose only commit holds the files written there. */
export function commitAll(repo: string, message: string): void {
  git(repo, "init", "--quiet");
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", message);
}
