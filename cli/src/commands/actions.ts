import { existsSync } from "node:fs";
import type { Command } from "commander";
import { note } from "../output";
import { CliError } from "../errors";
import { parseTarget, requireLabel, targetPath } from "../target";
import { queueAndFollow, sessionFor, wholeNumber } from "./shared";

/** `--occurrence N|all`: on how many instances a command runs. */
function occurrence(value: string): number | "all" {
  if (value === "all") return "all";
  return wholeNumber("--occurrence", 1)(value);
}

async function act(
  command: Command,
  targetText: string,
  allowed: (string | undefined)[],
  action: string,
  options?: Record<string, unknown>,
): Promise<void> {
  const target = parseTarget(targetText);
  requireLabel(target, allowed, command.name());
  const session = await sessionFor(command);
  process.exitCode = await queueAndFollow(session, targetPath(target), action, options);
}

function registerCommandRunner(program: Command, name: string, action: string, what: string): void {
  program
    .command(name)
    .argument("<target>", "<app> or <app>.worker")
    .argument("<command...>", what)
    .description(
      `run ${what} on the app's instances and follow its logbook (-- before a command with options)`,
    )
    .option("--occurrence <n|all>", "on how many instances (default 1)", occurrence)
    // Options of the remote command (`ls -la`) belong to it, not to thirty.
    .allowUnknownOption()
    .action(
      async (
        targetText: string,
        words: string[],
        options: { occurrence?: number | "all" },
        command: Command,
      ) => {
        if (words.length === 0) throw new CliError(`${name} needs a command`);
        await act(command, targetText, [undefined, "worker"], action, {
          command: words.join(" "),
          ...(options.occurrence !== undefined ? { occurrence: options.occurrence } : {}),
        });
      },
    );
}

export function registerActions(program: Command): void {
  program
    .command("deploy")
    .argument("<app>")
    .option("-c, --clean", "rebuild the virtualenv/bundle instead of reusing it")
    .description("deploy the app's repository, then follow the logbook until it ends")
    .action(async (app: string, options: { clean?: boolean }, command: Command) => {
      await act(command, app, [undefined], "deploy", options.clean ? { clean: true } : undefined);
    });

  program
    .command("publish")
    .argument("<app>")
    .description("publish the app (lifts free-tier limits; needs a paid plan) and follow the logbook")
    .action(async (app: string, _options: unknown, command: Command) => {
      await act(command, app, [undefined], "publish");
    });

  registerCommandRunner(program, "runcmd", "runcommand", "a shell command (in the repository root)");
  registerCommandRunner(program, "djangocmd", "djangocommand", "a manage.py command");

  program
    .command("scale")
    .argument("<target>", "<app> or <app>.worker")
    .argument("<instances>", "how many instances (0 pauses)", wholeNumber("instances"))
    .description("change the number of running instances now, and follow the logbook")
    .action(async (targetText: string, instances: number, _options: unknown, command: Command) => {
      await act(command, targetText, [undefined, "worker"], "scale", { instances });
    });

  program
    .command("restart")
    .argument("<target>", "<app> or <app>.worker")
    .description("restart every process of the app or its worker, and follow the logbook")
    .action(async (targetText: string, _options: unknown, command: Command) => {
      await act(command, targetText, [undefined, "worker"], "restart");
    });

  program
    .command("restore")
    .argument("<target>", "<app>.database")
    .argument("<location>", "URL of a pg_dump -Fc file, or a file on this computer (uploaded)")
    .description("restore the app's PostgreSQL database from a dump, and follow the logbook")
    .action(async (targetText: string, location: string, _options: unknown, command: Command) => {
      if (/^https?:\/\//i.test(location) || !existsSync(location)) {
        await act(command, targetText, ["postgres"], "restore", { location });
        return;
      }
      const target = parseTarget(targetText);
      requireLabel(target, ["postgres"], command.name());
      const session = await sessionFor(command);
      if (!session.settings.raw) note(`Uploading ${location}…`);
      const uploaded = await session.api.upload(`${targetPath(target)}/uploads`, location);
      const upload = (uploaded.body as { upload?: unknown } | null)?.upload;
      if (typeof upload !== "string") throw new CliError("the server took the upload but named no upload id");
      process.exitCode = await queueAndFollow(session, targetPath(target), "restore", { upload });
    });
}
