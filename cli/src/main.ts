import { CommanderError } from "commander";
import { CliError } from "./errors";
import { buildProgram } from "./program";

/** Runs one `thirty` command line; every failure ends as one line on stderr and exit code 1. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      process.exitCode = error.exitCode;
      return;
    }
    const message =
      error instanceof CliError
        ? error.message
        : `unexpected error: ${(error as Error).stack ?? String(error)}`;
    process.stderr.write(`thirty: ${message}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}
