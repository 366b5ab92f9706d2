import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type Files = Record<string, string | { content: string; executable: true }>;

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.org",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.org",
};

/**
 * Where test repositories live: a 0755 directory that the platform binds read-only into fetch
 * sandboxes (THIRTY_LOCAL_REPOSITORIES, set in database-env.ts), so apps' users can read them.
 */
export const TEST_REPOSITORIES = path.join(os.tmpdir(), "thirty-test-repos");

function repositoryDir(prefix: string): string {
  mkdirSync(TEST_REPOSITORIES, { recursive: true });
  chmodSync(TEST_REPOSITORIES, 0o755);
  const dir = mkdtempSync(path.join(TEST_REPOSITORIES, prefix));
  chmodSync(dir, 0o755);
  return dir;
}

function writeFiles(dir: string, files: Files): void {
  for (const [name, spec] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof spec === "string" ? spec : spec.content);
    if (typeof spec !== "string") chmodSync(file, 0o755);
  }
}

/** A real git repository in a temp dir; `commit` adds files and returns the new sha. */
export function makeGitRepository(files: Files, message = "first") {
  const dir = repositoryDir("git-");
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8" }).trim();
  git("init", "--quiet", "--initial-branch=main");
  const commit = (more: Files, text: string) => {
    writeFiles(dir, more);
    git("add", "-A");
    git("commit", "--quiet", "-m", text);
    return git("rev-parse", "HEAD");
  };
  const first = commit(files, message);
  return { dir, first, git, commit };
}

/** A real mercurial repository in a temp dir. */
export function makeMercurialRepository(files: Files, message = "first") {
  const dir = repositoryDir("hg-");
  const hg = (...args: string[]) =>
    execFileSync("hg", args, {
      cwd: dir,
      env: { ...process.env, HGUSER: "Test <test@example.org>", HGPLAIN: "1" },
      encoding: "utf8",
    }).trim();
  hg("init");
  writeFiles(dir, files);
  hg("add", "--quiet");
  hg("commit", "-m", message);
  return { dir, hg };
}
