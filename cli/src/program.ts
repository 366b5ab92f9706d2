import { Command, Option } from "commander";
import { registerActions } from "./commands/actions";
import { registerCreate } from "./commands/create";
import { registerDelete } from "./commands/delete";
import { registerList } from "./commands/list";
import { registerLogbook } from "./commands/logbook";
import { registerLogs } from "./commands/logs";
import { registerSetup } from "./commands/setup";
import { registerShow } from "./commands/show";
import { registerUpdate } from "./commands/update";
import { DEFAULT_API, DEFAULT_URI } from "./settings";

const EPILOG = `
Settings come from the command line, else from ~/.thirty.cfg (section [thirtyloops], keys
username, password, account, uri, api; \`thirty setup\` writes it), else the defaults.
Actions (deploy, publish, runcmd, djangocmd, scale, restart, restore) follow their logbook
and exit 0 when the action finished, 1 when it ended in error.`;

/** The whole command line of `thirty`: global options, then one command. */
export function buildProgram(): Command {
  const program = new Command("thirty")
    .description("The thirtyloops command-line client: manage apps through the REST API.")
    .option("-u, --username <username>", "user for HTTP Basic auth")
    .option("-p, --password <password>", "password or API token (prompted when missing on a terminal)")
    .option("-a, --account <account>", "account name")
    .addOption(new Option("-r, --uri <uri>", `base URI of the platform (default ${DEFAULT_URI})`))
    .addOption(new Option("-i, --api <version>", `API version (default ${DEFAULT_API})`))
    .option("-R, --raw", "print JSON exactly as the server sent it")
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError("(run `thirty help` for usage)")
    .addHelpText("after", EPILOG)
    .helpCommand("help [command]", "show help for thirty or one command");
  registerSetup(program);
  registerList(program);
  registerShow(program);
  registerCreate(program);
  registerUpdate(program);
  registerDelete(program);
  registerActions(program);
  registerLogs(program);
  registerLogbook(program);
  return program;
}
