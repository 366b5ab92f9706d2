import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { maskLocation } from "@/server/services/secrets/mask";
import { refProblem } from "@/server/services/repositories/ref-rule";
import { locationProblem } from "@/server/services/repositories/schemas";
import type { LogbookWriter } from "../logbook-writer";
import { runProgram, runProgramOrFail, toolEnvironment } from "../run-program";
import { StepFailure } from "../step-failure";

export type RepositorySource = {
  variant: "git" | "mercurial";
  location: string;
  sshKey: string | null;
};

export type FetchedCommit = { sha: string; message: string; exportTo: (dir: string) => Promise<void> };

type FetchOptions = {
  cacheDir: string;
  source: RepositorySource;
  ref: string;
  logbook: LogbookWriter;
  signal: AbortSignal;
};

/** An ssh wrapper that uses only the app's deploy key, written 0600 to a private temp dir. */
async function sshSetup(
  sshKey: string | null,
): Promise<{ command: string | null; cleanup: () => Promise<void> }> {
  if (!sshKey) return { command: null, cleanup: async () => {} };
  const dir = await mkdtemp(path.join(os.tmpdir(), "thirty-key-"));
  const keyFile = path.join(dir, "deploy_key");
  await writeFile(keyFile, sshKey.endsWith("\n") ? sshKey : `${sshKey}\n`, { mode: 0o600 });
  return {
    command: `ssh -i ${keyFile} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=${path.join(dir, "known_hosts")}`,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

function gitEnv(ssh: string | null): Record<string, string> {
  return toolEnvironment({
    GIT_TERMINAL_PROMPT: "0",
    // Only transports that move data; "ext::" would run commands on the platform.
    GIT_ALLOW_PROTOCOL: "file:git:http:https:ssh",
    GIT_CONFIG_NOSYSTEM: "1",
    ...(ssh ? { GIT_SSH_COMMAND: ssh } : {}),
  });
}

async function fetchGit(options: FetchOptions, ssh: string | null): Promise<FetchedCommit> {
  const { cacheDir, source, logbook, signal } = options;
  const env = gitEnv(ssh);
  const run = (what: string, args: string[], cwd = cacheDir) =>
    runProgramOrFail(what, { argv: ["git", ...args], cwd, env, signal, onLine: logbook.debug });
  if (!existsSync(path.join(cacheDir, "HEAD"))) {
    await rm(cacheDir, { recursive: true, force: true });
    await mkdir(path.dirname(cacheDir), { recursive: true });
    logbook.info(`Cloning ${maskLocation(source.location)}`);
    await run(
      "Cloning the repository",
      ["clone", "--bare", "--quiet", "--", source.location, cacheDir],
      path.dirname(cacheDir),
    );
  } else {
    logbook.info(`Fetching from ${maskLocation(source.location)}`);
    await run("Setting the repository location", ["remote", "set-url", "origin", "--", source.location]);
    await run("Fetching the repository", [
      "fetch",
      "--quiet",
      "--prune",
      "--force",
      "--tags",
      "origin",
      "+refs/heads/*:refs/heads/*",
    ]);
  }
  const candidates =
    options.ref === "HEAD"
      ? ["HEAD"]
      : [`refs/heads/${options.ref}`, `refs/tags/${options.ref}`, options.ref];
  let sha: string | undefined;
  for (const candidate of candidates) {
    const result = await runProgram({
      argv: ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", `${candidate}^{commit}`],
      cwd: cacheDir,
      env,
      signal,
    });
    if (result.code === 0 && result.output[0]) {
      sha = result.output[0].trim();
      break;
    }
  }
  if (!sha)
    throw new StepFailure(
      `The repository has no branch, tag or commit "${options.ref}". Check repo_commit in the app's settings.`,
    );
  const message = (await run("Reading the commit", ["log", "-1", "--format=%s", sha])).join(" ").trim();
  return {
    sha,
    message,
    exportTo: async (dir) => {
      await mkdir(dir, { recursive: true });
      await runProgramOrFail("Exporting the commit", {
        argv: ["sh", "-c", 'git archive --format=tar "$1" | tar -x -C "$2"', "export", sha, dir],
        cwd: cacheDir,
        env,
        signal,
      });
    },
  };
}

async function fetchMercurial(options: FetchOptions, ssh: string | null): Promise<FetchedCommit> {
  const { cacheDir, source, logbook, signal } = options;
  const env = toolEnvironment({ HGPLAIN: "1", HGRCPATH: "" });
  const sshConfig = ssh ? ["--config", `ui.ssh=${ssh}`] : [];
  const run = (what: string, args: string[], cwd = cacheDir) =>
    runProgramOrFail(what, { argv: ["hg", ...sshConfig, ...args], cwd, env, signal, onLine: logbook.debug });
  if (!existsSync(path.join(cacheDir, ".hg"))) {
    await rm(cacheDir, { recursive: true, force: true });
    await mkdir(path.dirname(cacheDir), { recursive: true });
    logbook.info(`Cloning ${maskLocation(source.location)}`);
    await run(
      "Cloning the repository",
      ["clone", "--noupdate", "--quiet", "--", source.location, cacheDir],
      path.dirname(cacheDir),
    );
  } else {
    logbook.info(`Pulling from ${maskLocation(source.location)}`);
    await run("Pulling the repository", ["pull", "--quiet", "--", source.location]);
  }
  const revision = options.ref === "HEAD" ? "default" : options.ref;
  const result = await runProgram({
    argv: [
      "hg",
      "log",
      "-r",
      JSON.stringify(revision),
      "-l",
      "1",
      "--template",
      "{node}\\n{desc|firstline}\\n",
    ],
    cwd: cacheDir,
    env,
    signal,
  });
  const [sha, message] = result.output;
  if (result.code !== 0 || !sha)
    throw new StepFailure(
      `The repository has no branch, tag or revision "${options.ref}". Check repo_commit in the app's settings.`,
    );
  return {
    sha: sha.trim(),
    message: (message ?? "").trim(),
    exportTo: async (dir) => {
      await mkdir(path.dirname(dir), { recursive: true });
      await runProgramOrFail("Exporting the revision", {
        argv: ["hg", "archive", "-r", sha.trim(), "-t", "files", "--", dir],
        cwd: cacheDir,
        env,
        signal,
      });
      await rm(path.join(dir, ".hg_archival.txt"), { force: true });
    },
  };
}

function urlSecrets(location: string): string[] {
  try {
    const password = new URL(location).password;
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

/** Clone or update the app's repository cache and resolve the requested ref to a commit. */
export async function fetchRepository(options: FetchOptions): Promise<FetchedCommit> {
  const problem = locationProblem(options.source.location) ?? refProblem(options.ref);
  if (problem) throw new StepFailure(problem);
  const ssh = await sshSetup(options.source.sshKey);
  options.logbook.addSecret(options.source.sshKey);
  for (const secret of urlSecrets(options.source.location)) options.logbook.addSecret(secret);
  try {
    return options.source.variant === "git"
      ? await fetchGit(options, ssh.command)
      : await fetchMercurial(options, ssh.command);
  } finally {
    await ssh.cleanup();
  }
}
