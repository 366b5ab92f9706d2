import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { LogbookWriter } from "../logbook-writer";
import { runProgramOrFail, toolEnvironment } from "../run-program";
import { StepFailure } from "../step-failure";

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
  const virtualenv = path.join(options.virtualenvsDir, `release-${options.releaseNumber}`);
  await rm(virtualenv, { recursive: true, force: true });
  await mkdir(options.virtualenvsDir, { recursive: true });
  logbook.info(`Creating a virtualenv with ${python}${options.clean ? " (clean deploy)" : ""}.`);
  const withPip = options.requirementsFile !== null;
  await runProgramOrFail("Creating the virtualenv", {
    argv: [python, "-m", "venv", "--system-site-packages", ...(withPip ? [] : ["--without-pip"]), virtualenv],
    cwd: options.virtualenvsDir,
    env: toolEnvironment(),
    signal,
    onLine: logbook.info,
  });
  if (options.requirementsFile) {
    logbook.info(`Installing ${path.basename(options.requirementsFile)} with pip.`);
    await runProgramOrFail("pip install", {
      argv: [
        path.join(virtualenv, "bin", "python"),
        "-m",
        "pip",
        "install",
        "--no-input",
        "--disable-pip-version-check",
        "--progress-bar",
        "off",
        "-r",
        options.requirementsFile,
      ],
      cwd: path.dirname(options.requirementsFile),
      env: toolEnvironment({ PIP_NO_INPUT: "1", VIRTUAL_ENV: virtualenv }),
      signal,
      onLine: logbook.info,
    });
  }
  return { virtualenv, requirementsHash };
}
