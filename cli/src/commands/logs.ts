import { Option, type Command } from "commander";
import { followLogs } from "../follow-logs";
import { formatLogMessage, type LogMessage } from "../format";
import { present, sessionFor, wholeNumber } from "./shared";

type LogsOptions = { process: string; limit: number; follow?: boolean };

export function registerLogs(program: Command): void {
  program
    .command("logs")
    .argument("<app>")
    .description("show the app's recent log lines; --follow streams new ones until Ctrl-C")
    .option(
      "--process <names>",
      "comma-separated processes (nginx, gunicorn, postgres, worker, …)",
      "gunicorn,nginx",
    )
    .addOption(new Option("--limit <n>", "how many lines").default(10).argParser(wholeNumber("--limit", 1)))
    .option("-f, --follow", "keep printing new lines as they come")
    .action(async (app: string, options: LogsOptions, command: Command) => {
      const session = await sessionFor(command);
      const processes = options.process
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean);
      if (options.follow) {
        const stop = new AbortController();
        // Ctrl-C ends the stream quietly: following has no other way to finish.
        process.once("SIGINT", () => stop.abort());
        await followLogs({
          api: session.api,
          app,
          processes,
          limit: options.limit,
          raw: session.settings.raw,
          signal: stop.signal,
        });
        return;
      }
      const params = new URLSearchParams({ limit: String(options.limit), process: processes.join(",") });
      const answer = await session.api.get(`app/${encodeURIComponent(app)}/logs?${params.toString()}`);
      const messages = (answer.body as { messages: LogMessage[] }).messages;
      present(session, answer, () => messages.map(formatLogMessage));
    });
}
