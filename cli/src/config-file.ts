import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ini from "ini";
import { CliError } from "./errors";
import { SETTING_KEYS, type PartialSettings } from "./settings";

export const SECTION = "thirtyloops";

/** ~/.thirty.cfg, honouring HOME (os.homedir() does) so tests and other users can move it. */
export function configPath(): string {
  return path.join(os.homedir(), ".thirty.cfg");
}

export function readConfigFile(file = configPath()): PartialSettings {
  if (!existsSync(file)) return {};
  let parsed: Record<string, unknown>;
  try {
    parsed = ini.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const section = parsed[SECTION];
  if (typeof section !== "object" || section === null) return {};
  const values: PartialSettings = {};
  for (const key of SETTING_KEYS) {
    const value = (section as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) values[key] = String(value);
  }
  return values;
}

/**
 * Writes a new config file, readable by its owner only (it may hold a password). An
 * existing file is never replaced: the `wx` flag makes that check and the creation one step.
 */
export function writeNewConfigFile(values: PartialSettings, file = configPath()): void {
  const text = ini.stringify({ [SECTION]: values });
  try {
    writeFileSync(file, text, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new CliError(`${file} exists already; not overwriting it. Edit or remove it first.`);
    }
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`);
  }
}
