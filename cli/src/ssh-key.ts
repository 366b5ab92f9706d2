import { readFileSync } from "node:fs";
import { CliError } from "./errors";

/** The API takes a deploy key as base64 of the private key file. */
export function readSshKey(file: string): string {
  try {
    return readFileSync(file).toString("base64");
  } catch (error) {
    throw new CliError(`cannot read the SSH key ${file}: ${(error as Error).message}`);
  }
}
