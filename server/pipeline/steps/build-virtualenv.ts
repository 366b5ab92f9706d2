import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import { ownedDirectory } from "@/server/runtime/sandbox/app-directories";
import { APP_LAYOUT } from "@/server/runtime/sandbox/app-layout";
import type { LogbookWriter } from "../logbook-writer";
import { runProgramOrFail, toolEnvironment } from "../run-program";
import { StepFailure } from "../step-failure";

/** Where the build sandbox sees the app's pip cache. */
const PIP_CACHE_IN_SANDBOX = "/app/cache/pip";

/** Host interpreters come from the distribution first: its python sees Debian's packages. */
const INTERPRETER_DIRS = (process.env.THIRTY_PYTHON_DIRS ?? "/usr/bin:/usr/local/bin").split(":");

async function availableInterpreters(): Promise<string[]> {
  const names = new Set<string>();
  for (const dir of INTERPRETER_DIRS) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const entry of entries) if (/^python3(\.\d+)?$/.test(entry)) names.add(entry);
  }
  return [...names].sort();
}

export async function findInterpreter(name: string): Promise<string> {
  for (const dir of INTERPRETER_DIRS) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  const available = await availableInterpreters();
  throw new StepFailure(
    `python_version ${name} is not available on this platform. Available: ${available.join(", ") || "none"}. Change python_version in thirty.ini.`,
  );
}

export type BuiltVirtualenv = { virtualenv: string; requirementsHash: string };

/**
 * A virtualenv for the release. It sees the host's site packages (offline machines get their
 * Python libraries from the distribution); requirements are installed with pip. A normal deploy
 * reuses the previous virtualenv when the interpreter and requirements are unchanged.
 */
export async function buildVirtualenv(options: {
  runtime: PlatformRuntime;
  appId: string;
  /** The release checkout (read-only in the build: pip reads the requirements from it). */
  checkoutDir: string;
  pythonVersion: string;
  requirementsFile: string | null;
  virtualenvsDir: string;
  releaseNumber: number;
  previous: { virtualenv: string | null; requirementsHash: string | null } | null;
  clean: boolean;
  logbook: LogbookWriter;
  signal: AbortSignal;
}): Promise<BuiltVirtualenv> {
  const { logbook, signal } = options;
  const python = await findInterpreter(options.pythonVersion);
  const requirements = options.requirementsFile ? await readFile(options.requirementsFile, "utf8") : "";
  const requirementsHash = createHash("sha256").update(`${python}\n${requirements}`).digest("hex");
  const previous = options.previous;
  if (
    !options.clean &&
    previous?.virtualenv &&
    previous.requirementsHash === requirementsHash &&
    existsSync(path.join(previous.virtualenv, "bin", "python"))
  ) {
    logbook.info("Requirements unchanged: reusing the previous virtualenv.");
    return { virtualenv: previous.virtualenv, requirementsHash };
  }
  const { runtime, appId } = options;
  const virtualenv = path.join(options.virtualenvsDir, `release-${options.releaseNumber}`);
  await rm(virtualenv, { recursive: true, force: true });
  await mkdir(options.virtualenvsDir, { recursive: true });
  // Built where the instances will see it (/app/env): a virtualenv hard-codes its own path in
  // its scripts. Built as the app's user, in its sandbox: pip runs the packages' setup code.
  const user = await runtime.prepareApp(appId);
  const pipCache = runtime.paths(appId).pipCacheDir;
  if (user) {
    await ownedDirectory(virtualenv, user.uid, user.gid, 0o755);
    await ownedDirectory(pipCache, user.uid, user.gid, 0o700);
  } else await mkdir(pipCache, { recursive: true });
  const sandbox = await runtime.sandboxFor(appId, [
    { source: virtualenv, dest: APP_LAYOUT.virtualenv, writable: true },
    { source: options.checkoutDir, dest: APP_LAYOUT.current },
    { source: pipCache, dest: PIP_CACHE_IN_SANDBOX, writable: true },
  ]);
  const target = sandbox ? APP_LAYOUT.virtualenv : virtualenv;
  const inside = (file: string) =>
    sandbox ? path.posix.join(APP_LAYOUT.current, path.relative(options.checkoutDir, file)) : file;
  const job = { runtime, appId, sandbox, signal, onLine: logbook.info, program: "build" };
  logbook.info(`Creating a virtualenv with ${python}${options.clean ? " (clean deploy)" : ""}.`);
  // No pip copied into the virtualenv (ensurepip took seconds of every clean deploy): the
  // distribution's pip, seen through --system-site-packages, installs into it just the same.
  await runProgramOrFail("Creating the virtualenv", {
    ...job,
    argv: [python, "-m", "venv", "--system-site-packages", "--without-pip", target],
    cwd: sandbox ? "/tmp" : options.virtualenvsDir,
    env: toolEnvironment(),
  });
  if (options.requirementsFile) {
    logbook.info(`Installing ${path.basename(options.requirementsFile)} with pip.`);
    await runProgramOrFail("pip install", {
      ...job,
      argv: [
        path.join(target, "bin", "python"),
        "-m",
        "pip",
        "install",
        "--no-input",
        "--disable-pip-version-check",
        "--progress-bar",
        "off",
        "-r",
        inside(options.requirementsFile),
      ],
      cwd: path.dirname(inside(options.requirementsFile)),
      env: toolEnvironment({
        PIP_NO_INPUT: "1",
        VIRTUAL_ENV: target,
        // Downloads and built wheels kept for the next clean deploy of this app only.
        PIP_CACHE_DIR: sandbox ? PIP_CACHE_IN_SANDBOX : pipCache,
      }),
    });
  }
  return { virtualenv, requirementsHash };
}
