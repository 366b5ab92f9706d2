import { constants } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { parseIni, type IniProblem } from "./parse-ini";
import { resolveRuntimeConfig } from "./resolve-runtime-config";
import type { RuntimeConfig } from "./runtime-config";

export type { RuntimeConfig, ProcessDefinition } from "./runtime-config";
export type { IniProblem } from "./parse-ini";
export { expandVariables } from "./expand-variables";

function describe(problem: IniProblem): string {
  return problem.line > 0 ? `line ${problem.line}: ${problem.message}` : problem.message;
}

/** A thirty.ini the deploy cannot use; the message lists every problem with its line. */
export class ThirtyIniError extends Error {
  readonly problems: IniProblem[];
  constructor(problems: IniProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`thirty.ini has ${count}: ${problems.map(describe).join("; ")}`);
    this.name = "ThirtyIniError";
    this.problems = problems;
  }
}

/** Reads thirty.ini at the checkout root (absent: all defaults) and resolves it. */
export async function loadThirtyIni(options: {
  checkoutDir: string;
  variant: "python" | "static";
}): Promise<{ config: RuntimeConfig; warnings: string[] }> {
  // The platform reads this file as root: a symlink planted in the repository must not make it
  // read (and quote in errors) a file of the host.
  const text = await open(
    path.join(options.checkoutDir, "thirty.ini"),
    constants.O_RDONLY | constants.O_NOFOLLOW,
  )
    .then(async (handle) => {
      try {
        return await handle.readFile("utf8");
      } finally {
        await handle.close();
      }
    })
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      if (error.code === "ELOOP")
        throw new ThirtyIniError([
          { line: 0, message: "thirty.ini is a symbolic link; commit the file itself" },
        ]);
      throw error;
    });
  const result = await resolveRuntimeConfig({
    parsed: parseIni(text),
    checkoutDir: options.checkoutDir,
    variant: options.variant,
  });
  if (result.errors.length > 0) throw new ThirtyIniError(result.errors);
  return { config: result.config, warnings: result.warnings.map(describe) };
}
