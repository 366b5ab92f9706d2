import { Option, type Command } from "commander";
import { editCnames, editEnvVars, type EnvVar } from "../env-edits";
import { CliError } from "../errors";
import { formatFields } from "../format";
import { readSshKey } from "../ssh-key";
import { parseTarget, targetPath, type Target } from "../target";
import type { Session } from "../session";
import { collect, present, sessionFor, wholeNumber } from "./shared";

type UpdateOptions = {
  addCname?: string[];
  delCname?: string[];
  instances?: number;
  repository?: string;
  repoCommit?: string;
  addVar?: string[];
  delVar?: string[];
  name?: string;
  location?: string;
  sshKey?: string;
};

const FLAGS: Record<keyof UpdateOptions, string> = {
  addCname: "--add-cname",
  delCname: "--del-cname",
  instances: "--instances",
  repository: "--repository",
  repoCommit: "--repo-commit",
  addVar: "--add-var",
  delVar: "--del-var",
  name: "--name",
  location: "--location",
  sshKey: "--ssh-key",
};

const ALLOWED: Record<string, (keyof UpdateOptions)[]> = {
  app: ["addCname", "delCname", "instances", "repository", "repoCommit", "addVar", "delVar"],
  repository: ["name", "location", "sshKey"],
  worker: ["instances", "addVar", "delVar"],
};

function checkOptions(target: Target, options: UpdateOptions): (keyof UpdateOptions)[] {
  const kind = target.label ?? "app";
  const allowed = ALLOWED[kind];
  if (!allowed) throw new CliError(`a ${kind} has nothing to update`);
  const given = (Object.keys(options) as (keyof UpdateOptions)[]).filter((k) => options[k] !== undefined);
  const wrong = given.filter((k) => !allowed.includes(k));
  if (wrong.length)
    throw new CliError(`${wrong.map((k) => FLAGS[k]).join(", ")} cannot be used on a ${kind}`);
  if (given.length === 0)
    throw new CliError(`nothing to change: give one of ${allowed.map((k) => FLAGS[k]).join(", ")}`);
  return given;
}

/** Lists are replaced whole by PUT: read them first, edit, send the result. */
async function changes(
  session: Session,
  target: Target,
  options: UpdateOptions,
): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  if (options.instances !== undefined) body.instances = options.instances;
  if (options.repository) body.repository = options.repository;
  if (options.repoCommit) body.repo_commit = options.repoCommit;
  if (options.name) body.name = options.name;
  if (options.location) body.location = options.location;
  if (options.sshKey) body.ssh_key = readSshKey(options.sshKey);
  const editsLists = options.addCname || options.delCname || options.addVar || options.delVar;
  if (!editsLists) return body;
  const current = (await session.api.get(targetPath(target))).body as {
    cname_records?: { record: string }[];
    envvars?: EnvVar[];
  };
  if (options.addCname || options.delCname) {
    const records = editCnames(
      (current.cname_records ?? []).map((r) => r.record),
      options.addCname ?? [],
      options.delCname ?? [],
    );
    body.cname_records = records.map((record) => ({ record }));
  }
  if (options.addVar || options.delVar) {
    body.envvars = editEnvVars(current.envvars ?? [], options.addVar ?? [], options.delVar ?? []);
  }
  return body;
}

export function registerUpdate(program: Command): void {
  program
    .command("update")
    .argument("<target>", "<app>, <app>.repository or <app>.worker")
    .description("change an app, its repository or its worker")
    .option("--add-cname <host>", "route another host name to the app (repeatable)", collect)
    .option("--del-cname <host>", "stop routing a host name to the app (repeatable)", collect)
    .addOption(
      new Option("--instances <n>", "number of instances (applied by the next deploy or scale)").argParser(
        wholeNumber("--instances"),
      ),
    )
    .option("--repository <name>", "link the app to another repository of the account")
    .option("--repo-commit <ref>", "the branch, tag or commit to deploy")
    .option("--add-var <name=value>", "set an environment variable (repeatable)", collect)
    .option("--del-var <name>", "remove an environment variable (repeatable)", collect)
    .option("--name <name>", "rename the repository")
    .option("--location <location>", "the repository's new location")
    .option("--ssh-key <path>", "a new password-less private key file for the repository")
    .action(async (name: string, options: UpdateOptions, command: Command) => {
      const target = parseTarget(name);
      checkOptions(target, options);
      const session = await sessionFor(command);
      const body = await changes(session, target, options);
      const answer = await session.api.request("PUT", targetPath(target), body);
      const what = target.label ? `${target.label} of ${target.app}` : `app ${target.app}`;
      present(session, answer, () => [
        `Updated ${what}.`,
        ...formatFields(answer.body as Record<string, unknown>),
      ]);
    });
}
