import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { confineToCheckout } from "./confine-path";
import type { IniProblem, IniSection, ParsedIni } from "./parse-ini";
import { freshRuntimeConfig, type ProcessDefinition, type RuntimeConfig } from "./runtime-config";

const KNOWN_KEYS: Record<string, readonly string[] | "any"> = {
  environment: ["python_version", "root", "requirements", "systempackages"],
  wsgi: ["entrypoint"],
  django: ["settings"],
  "app:processes": "any",
  "worker:processes": "any",
  variables: "any",
};

const ENTRYPOINT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_.]*$/;
const PYTHON_VERSION = /^(python|pypy)[0-9.]*$/;
const PROCESS_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_PROGRAMS = new Set(["gunicorn", "nginx", "cron"]);

export type ResolveResult = { config: RuntimeConfig; warnings: IniProblem[]; errors: IniProblem[] };

type Context = { checkoutDir: string; warnings: IniProblem[]; errors: IniProblem[] };

function entryMap(section: IniSection | undefined) {
  return new Map((section?.entries ?? []).map((e) => [e.key, e]));
}

async function resolveEnvironment(section: IniSection | undefined, ctx: Context, config: RuntimeConfig) {
  const entries = entryMap(section);
  const version = entries.get("python_version");
  if (version) {
    if (PYTHON_VERSION.test(version.value)) config.pythonVersion = version.value;
    else
      ctx.errors.push({
        line: version.line,
        message: `python_version \`${version.value}\` is not a Python interpreter name such as python3 or python3.11`,
      });
  }
  const root = entries.get("root");
  if (root && root.value !== ".") {
    const inside = await confineToCheckout(ctx.checkoutDir, root.value);
    if (!inside)
      ctx.errors.push({ line: root.line, message: `root \`${root.value}\` points outside the repository` });
    else if (!(await stat(inside).catch(() => null))?.isDirectory())
      ctx.errors.push({
        line: root.line,
        message: `root \`${root.value}\` is not a directory of the repository`,
      });
    else config.root = path.relative(await realpath(ctx.checkoutDir), inside) || ".";
  }
  const requirements = entries.get("requirements");
  if (requirements && requirements.value) {
    const inside = await confineToCheckout(ctx.checkoutDir, requirements.value);
    if (!inside)
      ctx.errors.push({
        line: requirements.line,
        message: `requirements \`${requirements.value}\` points outside the repository`,
      });
    else if (!(await stat(inside).catch(() => null))?.isFile())
      ctx.errors.push({
        line: requirements.line,
        message: `requirements file \`${requirements.value}\` does not exist in the repository`,
      });
    else config.requirements = requirements.value;
  }
  const packages = entries.get("systempackages");
  if (packages) {
    ctx.warnings.push({
      line: packages.line,
      message:
        "systempackages is not supported on this platform and is ignored; install Python dependencies through requirements instead",
    });
  }
}

function resolveProcesses(
  section: IniSection | undefined,
  ctx: Context,
  reserved: boolean,
): ProcessDefinition[] {
  const result: ProcessDefinition[] = [];
  for (const entry of section?.entries ?? []) {
    if (!PROCESS_NAME.test(entry.key))
      ctx.errors.push({
        line: entry.line,
        message: `process name \`${entry.key}\` may use letters, digits, - and _ only`,
      });
    else if (reserved && RESERVED_PROGRAMS.has(entry.key))
      ctx.errors.push({
        line: entry.line,
        message: `\`${entry.key}\` is a program name of the platform; name the process differently`,
      });
    else if (!entry.value)
      ctx.errors.push({ line: entry.line, message: `process \`${entry.key}\` has no command` });
    else result.push({ name: entry.key, command: entry.value, line: entry.line });
  }
  return result;
}

function warnUnknown(sections: IniSection[], ctx: Context) {
  for (const section of sections) {
    const known = KNOWN_KEYS[section.name];
    if (!known) {
      ctx.warnings.push({ line: section.line, message: `unknown section [${section.name}] is ignored` });
      continue;
    }
    if (known === "any") continue;
    for (const entry of section.entries) {
      if (!known.includes(entry.key))
        ctx.warnings.push({
          line: entry.line,
          message: `unknown key \`${entry.key}\` in [${section.name}] is ignored`,
        });
    }
  }
}

/** Applies thirty.ini's rules and defaults (spec/platform.md "thirty.ini"). */
export async function resolveRuntimeConfig(options: {
  parsed: ParsedIni;
  checkoutDir: string;
  variant: "python" | "static";
}): Promise<ResolveResult> {
  const ctx: Context = { checkoutDir: options.checkoutDir, warnings: [], errors: [...options.parsed.errors] };
  const config: RuntimeConfig = freshRuntimeConfig();
  const section = (name: string) => options.parsed.sections.find((s) => s.name === name);
  warnUnknown(options.parsed.sections, ctx);
  await resolveEnvironment(section("environment"), ctx, config);

  const wsgi = section("wsgi");
  const entrypoint = entryMap(wsgi).get("entrypoint");
  if (wsgi && !entrypoint)
    ctx.errors.push({ line: wsgi.line, message: "[wsgi] needs `entrypoint = module.path:callable`" });
  if (entrypoint) {
    if (ENTRYPOINT.test(entrypoint.value)) config.wsgi = { entrypoint: entrypoint.value };
    else
      ctx.errors.push({
        line: entrypoint.line,
        message: `entrypoint \`${entrypoint.value}\` must look like module.path:callable`,
      });
  }
  const django = section("django");
  if (django) config.django = { settings: entryMap(django).get("settings")?.value || "settings" };

  config.appProcesses = resolveProcesses(section("app:processes"), ctx, true);
  config.workerProcesses = resolveProcesses(section("worker:processes"), ctx, false);
  for (const entry of section("variables")?.entries ?? []) {
    if (VARIABLE_NAME.test(entry.key)) config.variables.push({ name: entry.key, value: entry.value });
    else
      ctx.errors.push({
        line: entry.line,
        message: `variable name \`${entry.key}\` may use letters, digits and _ only`,
      });
  }
  if (options.variant === "python" && !config.wsgi && !config.django && !ctx.errors.length) {
    ctx.errors.push({
      line: 0,
      message:
        "a python app needs `[wsgi] entrypoint = module:application` or a [django] section in thirty.ini",
    });
  }
  return { config, warnings: ctx.warnings, errors: ctx.errors };
}
