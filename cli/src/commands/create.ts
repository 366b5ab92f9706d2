import { Option, type Command } from "commander";
import { CliError } from "../errors";
import { formatFields } from "../format";
import { readSshKey } from "../ssh-key";
import { appPath, parseTarget } from "../target";
import { collect, present, sessionFor, wholeNumber } from "./shared";

type CreateOptions = {
  cname?: string[];
  repository?: string;
  region?: string;
  instances?: number;
  db: boolean;
  variant?: string;
  name?: string;
  sshKey?: string;
};

/** Refuses options that the kind of object being created does not take. */
function onlyOptions(options: CreateOptions, allowed: (keyof CreateOptions)[], what: string): void {
  const given = (Object.keys(options) as (keyof CreateOptions)[]).filter(
    (key) => key !== "db" && options[key] !== undefined && !allowed.includes(key),
  );
  if (!options.db && !allowed.includes("db")) given.push("db");
  if (given.length > 0) {
    const flags = given.map((key) =>
      key === "db" ? "--no-db" : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    );
    throw new CliError(`${flags.join(", ")} cannot be used when creating ${what}`);
  }
}

function appBody(name: string, location: string, options: CreateOptions): Record<string, unknown> {
  return {
    name,
    repository: { location, ...(options.repository ? { name: options.repository } : {}) },
    database: options.db,
    ...(options.cname?.length ? { cname_records: options.cname.map((record) => ({ record })) } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.instances !== undefined ? { instances: options.instances } : {}),
    ...(options.variant ? { variant: options.variant } : {}),
  };
}

function serviceBody(
  label: string,
  location: string | undefined,
  options: CreateOptions,
): Record<string, unknown> {
  switch (label) {
    case "repository":
      onlyOptions(options, ["name", "sshKey"], "a repository");
      if (!location) throw new CliError("create <app>.repository needs the repository's location");
      return {
        label,
        location,
        ...(options.name ? { name: options.name } : {}),
        ...(options.sshKey ? { ssh_key: readSshKey(options.sshKey) } : {}),
      };
    case "worker":
      onlyOptions(options, ["instances"], "a worker");
      return { label, ...(options.instances !== undefined ? { instances: options.instances } : {}) };
    default:
      onlyOptions(options, [], `a ${label} database`);
      return { label };
  }
}

export function registerCreate(program: Command): void {
  program
    .command("create")
    .argument("<target>", "<app>, or <app>.repository|database|postgres|worker|mongodb")
    .argument("[location]", "the repository's location (a git or mercurial URL or path)")
    .description("create an app (with its repository, and a database unless --no-db) or one of its services")
    .option("--cname <host>", "a CNAME routed to the app (repeatable)", collect)
    .option("--repository <name>", "the name of the app's new repository")
    .option("--region <region>", "the app's region")
    .addOption(new Option("--instances <n>", "number of instances").argParser(wholeNumber("--instances")))
    .option("--no-db", "do not create a PostgreSQL database with the app")
    .addOption(new Option("--variant <variant>", "the app's variant").choices(["python", "static"]))
    .option("--name <name>", "the repository's name (create <app>.repository)")
    .option("--ssh-key <path>", "a password-less private key file for the repository")
    .action(async (name: string, location: string | undefined, options: CreateOptions, command: Command) => {
      const target = parseTarget(name);
      let path: string;
      let body: Record<string, unknown>;
      if (target.label) {
        path = `${appPath(target.app)}/services`;
        body = serviceBody(target.label, location, options);
      } else {
        onlyOptions(options, ["cname", "repository", "region", "instances", "db", "variant"], "an app");
        if (!location) throw new CliError("create <app> needs the repository's location");
        path = "apps";
        body = appBody(target.app, location, options);
      }
      const session = await sessionFor(command);
      const answer = await session.api.request("POST", path, body);
      const fields = answer.body as Record<string, unknown>;
      const what = target.label ? `${target.label} of ${target.app}` : `app ${target.app}`;
      present(session, answer, () => [`Created ${what}.`, ...formatFields(fields)]);
    });
}
