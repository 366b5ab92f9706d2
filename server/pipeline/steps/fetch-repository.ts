import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { SandboxSpec } from "@/server/runtime/driver";
import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { prepareReleaseDirectory } from "@/server/runtime/sandbox/app-directories";
import { localRepositoryBind } from "@/server/services/repositories/local-repositories";
import { refProblem } from "@/server/services/repositories/ref-rule";
import { locationSecrets } from "@/server/services/secrets/mask";
import { locationProblem } from "@/server/services/repositories/schemas";
import { maskLocation } from "@/server/services/secrets/mask";
import type { LogbookWriter } from "../logbook-writer";
import { runProgram, runProgramOrFail, toolEnvironment } from "../run-program";
import { StepFailure } from "../step-failure";
import { fetchTools, splitCredentials, type Credentials } from "./repository-credentials";

export type RepositorySource = {
  variant: "git" | "mercurial";
  location: string;
  sshKey: string | null;
};

export type FetchedCommit = {
  sha: string;
  message: string;
  exportTo: (dir: string) => Promise<void>;
  /** Removes the fetch's helper files (credentials) once the commit has been exported. */
  done: () => Promise<void>;
};

type FetchOptions = {
  runtime: PlatformRuntime;
  appId: string;
  cacheDir: string;
  source: RepositorySource;
  ref: string;
  logbook: LogbookWriter;
  signal: AbortSignal;
};

/** Where the cache and an export's output appear inside the fetch sandbox. */
const CACHE = "/repo";
const OUT = "/out";

/**
 * Runs git or hg for the fetch: in the app's sandbox (as its user, seeing its cache, the
 * allowed local repository roots read-only, and nothing else of the host) when there is one.
 */
type Runner = {
  /** The cache's path as the tools see it. */
  cache: string;
  run: (what: string, argv: string[], options?: { cwd?: string; quiet?: boolean }) => Promise<string[]>;
  tryRun: (argv: string[]) => Promise<{ code: number | null; output: string[] }>;
  exportTo: (what: string, dir: string, argv: (out: string) => string[]) => Promise<void>;
  cleanup: () => Promise<void>;
};

async function makeRunner(options: FetchOptions, credentials: Credentials): Promise<Runner> {
  const { runtime, appId, cacheDir, logbook, signal } = options;
  const sandboxed = runtime.sandboxed;
  const tools = await fetchTools({
    variant: options.source.variant,
    credentials,
    sshKey: options.source.sshKey,
    sandboxed,
  });
  const env = toolEnvironment(tools.env);
  // A local repository: that one directory, read-only, at the path git or hg is given (not the
  // whole allowed root, which may hold other repositories, or be /tmp itself).
  const local = localRepositoryBind(options.source.location);
  const localRoots = local ? [local] : [];
  const sandbox = (binds: SandboxSpec["binds"]) => runtime.sandboxFor(appId, binds, tools.files);
  const fetchSandbox = await sandbox([{ source: cacheDir, dest: CACHE, writable: true }, ...localRoots]);
  const cache = sandboxed ? CACHE : cacheDir;
  const job = { runtime, appId, env, signal, program: "fetch" };
  return {
    cache,
    run: (what, argv, more = {}) =>
      runProgramOrFail(what, {
        ...job,
        argv,
        cwd: more.cwd ?? cache,
        sandbox: fetchSandbox,
        onLine: more.quiet ? undefined : logbook.debug,
      }),
    tryRun: async (argv) => {
      const result = await runProgram({ ...job, argv, cwd: cache, sandbox: fetchSandbox });
      return { code: result.code, output: result.output };
    },
    exportTo: async (what, dir, argv) => {
      // The export writes as the app's user into its own release dir; it reads the cache only.
      const exportSandbox = await sandbox([
        { source: cacheDir, dest: CACHE },
        { source: dir, dest: OUT, writable: true },
      ]);
      await runProgramOrFail(what, {
        ...job,
        argv: argv(sandboxed ? OUT : dir),
        cwd: cache,
        sandbox: exportSandbox,
      });
    },
    cleanup: tools.cleanup,
  };
}

/** An empty cache directory (owned by the app's user in the sandbox) for a fresh clone. */
async function emptyCache(options: FetchOptions): Promise<void> {
  const entries = await readdir(options.cacheDir).catch(() => [] as string[]);
  await Promise.all(
    entries.map((entry) => rm(path.join(options.cacheDir, entry), { recursive: true, force: true })),
  );
  await options.runtime.prepareApp(options.appId);
}

async function prepareExport(options: FetchOptions, dir: string): Promise<void> {
  const user = await options.runtime.prepareApp(options.appId);
  if (user) await prepareReleaseDirectory(path.dirname(dir), user);
  else await mkdir(dir, { recursive: true });
}

type Fetched = Omit<FetchedCommit, "done">;

async function fetchGit(options: FetchOptions, runner: Runner, location: string): Promise<Fetched> {
  const { cacheDir, source, logbook } = options;
  const git = (...args: string[]) => ["git", ...args];
  if (!existsSync(path.join(cacheDir, "HEAD"))) {
    await emptyCache(options);
    logbook.info(`Cloning ${maskLocation(source.location)}`);
    await runner.run(
      "Cloning the repository",
      git("clone", "--bare", "--quiet", "--", location, runner.cache),
    );
  } else {
    logbook.info(`Fetching from ${maskLocation(source.location)}`);
    await runner.run("Setting the repository location", git("remote", "set-url", "origin", "--", location));
    await runner.run(
      "Fetching the repository",
      git("fetch", "--quiet", "--prune", "--force", "--tags", "origin", "+refs/heads/*:refs/heads/*"),
    );
  }
  const candidates =
    options.ref === "HEAD"
      ? ["HEAD"]
      : [`refs/heads/${options.ref}`, `refs/tags/${options.ref}`, options.ref];
  let sha: string | undefined;
  for (const candidate of candidates) {
    const result = await runner.tryRun(
      git("rev-parse", "--verify", "--quiet", "--end-of-options", `${candidate}^{commit}`),
    );
    if (result.code === 0 && result.output[0]) {
      sha = result.output[0].trim();
      break;
    }
  }
  if (!sha)
    throw new StepFailure(
      `The repository has no branch, tag or commit "${options.ref}". Check repo_commit in the app's settings.`,
    );
  const commit = sha;
  const message = (
    await runner.run("Reading the commit", git("log", "-1", "--format=%s", commit), { quiet: true })
  )
    .join(" ")
    .trim();
  return {
    sha: commit,
    message,
    exportTo: async (dir) => {
      await prepareExport(options, dir);
      await runner.exportTo("Exporting the commit", dir, (out) => [
        "sh",
        "-c",
        'git archive --format=tar "$1" | tar -x -C "$2"',
        "export",
        commit,
        out,
      ]);
    },
  };
}

async function fetchMercurial(options: FetchOptions, runner: Runner, location: string): Promise<Fetched> {
  const { cacheDir, source, logbook } = options;
  if (!existsSync(path.join(cacheDir, ".hg"))) {
    await emptyCache(options);
    logbook.info(`Cloning ${maskLocation(source.location)}`);
    await runner.run("Cloning the repository", [
      "hg",
      "clone",
      "--noupdate",
      "--quiet",
      "--",
      location,
      runner.cache,
    ]);
  } else {
    logbook.info(`Pulling from ${maskLocation(source.location)}`);
    await runner.run("Pulling the repository", ["hg", "pull", "--quiet", "--", location]);
  }
  const revision = options.ref === "HEAD" ? "default" : options.ref;
  const result = await runner.tryRun([
    "hg",
    "log",
    "-r",
    JSON.stringify(revision),
    "-l",
    "1",
    "--template",
    "{node}\\n{desc|firstline}\\n",
  ]);
  const [sha, message] = result.output;
  if (result.code !== 0 || !sha)
    throw new StepFailure(
      `The repository has no branch, tag or revision "${options.ref}". Check repo_commit in the app's settings.`,
    );
  const node = sha.trim();
  return {
    sha: node,
    message: (message ?? "").trim(),
    exportTo: async (dir) => {
      await prepareExport(options, dir);
      await runner.exportTo("Exporting the revision", dir, (out) => [
        "sh",
        "-c",
        'hg archive -r "$1" -t files -- "$2" && rm -f "$2/.hg_archival.txt"',
        "export",
        node,
        out,
      ]);
    },
  };
}

/**
 * Clone or update the app's repository cache and resolve the requested ref to a commit. The
 * runner's helper files live until the fetched commit has been exported (`done`).
 */
export async function fetchRepository(options: FetchOptions): Promise<FetchedCommit> {
  const problem = locationProblem(options.source.location) ?? refProblem(options.ref);
  if (problem) throw new StepFailure(problem);
  options.logbook.addSecret(options.source.sshKey);
  for (const secret of locationSecrets(options.source.location)) options.logbook.addSecret(secret);
  const credentials = splitCredentials(options.source.location);
  const runner = await makeRunner(options, credentials);
  try {
    const fetched =
      options.source.variant === "git"
        ? await fetchGit(options, runner, credentials.location)
        : await fetchMercurial(options, runner, credentials.location);
    return { ...fetched, done: runner.cleanup };
  } catch (error) {
    await runner.cleanup();
    throw error;
  }
}
