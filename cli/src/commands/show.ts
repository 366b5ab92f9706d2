import type { Command } from "commander";
import { formatAppDetails, formatFields, serviceLabels } from "../format";
import { parseTarget, targetPath } from "../target";
import { present, sessionFor } from "./shared";

type Fields = Record<string, unknown>;

export function registerShow(program: Command): void {
  program
    .command("show")
    .argument("<app>", "an app, or <app>.<service> for one service")
    .description("show an app's fields and each of its services' fields")
    .action(async (name: string, _options: unknown, command: Command) => {
      const target = parseTarget(name);
      const session = await sessionFor(command);
      const answer = await session.api.get(targetPath(target));
      const fields = answer.body as Fields;
      if (target.label) {
        present(session, answer, () => [`${target.label} of ${target.app}`, ...formatFields(fields)]);
        return;
      }
      if (session.settings.raw) return present(session, answer, () => []);
      const services = await Promise.all(
        serviceLabels(fields).map(
          async (label) => (await session.api.get(targetPath({ app: target.app, label }))).body as Fields,
        ),
      );
      present(session, answer, () => formatAppDetails(fields, services));
    });
}
