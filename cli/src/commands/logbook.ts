import type { Command } from "commander";
import { followLogbook } from "../follow-logbook";
import { sessionFor } from "./shared";

export function registerLogbook(program: Command): void {
  program
    .command("logbook")
    .argument("<uuid>", "the logbook's id (printed when an action is queued)")
    .description("print a logbook; follow it while its action is queued or running")
    .action(async (id: string, _options: unknown, command: Command) => {
      const session = await sessionFor(command);
      process.exitCode = await followLogbook({ api: session.api, id, raw: session.settings.raw });
    });
}
