import type { Command } from "commander";
import { parseTarget, targetPath } from "../target";
import { done, sessionFor } from "./shared";

export function registerDelete(program: Command): void {
  program
    .command("delete")
    .argument("<target>", "<app>, or <app>.database|postgres|mongodb|repository|worker")
    .description("delete an app (with its services and running instances) or one service; cannot be undone")
    .action(async (name: string, _options: unknown, command: Command) => {
      const target = parseTarget(name);
      const session = await sessionFor(command);
      await session.api.request("DELETE", targetPath(target));
      done(session, `Deleted ${target.label ? `${target.label} of ${target.app}` : `app ${target.app}`}.`);
    });
}
