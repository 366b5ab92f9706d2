import type { Command } from "commander";
import { formatAppList } from "../format";
import { present, sessionFor } from "./shared";

export function registerList(program: Command): void {
  program
    .command("list")
    .description("list every app, with its services indented beneath")
    .action(async (_options: unknown, command: Command) => {
      const session = await sessionFor(command);
      const answer = await session.api.get("apps");
      const items = (answer.body as { items: Record<string, unknown>[] }).items;
      present(session, answer, () => formatAppList(items));
    });
}
