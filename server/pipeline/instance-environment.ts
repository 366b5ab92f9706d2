import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { databaseEnvironment, mongodbEnvironment, type DatabaseCredentials } from "./database-credentials";
import { expandVariables, type RuntimeConfig } from "./thirty-ini";

export type EnvironmentInput = {
  appName: string;
  accountName: string;
  dnsRecord: string;
  instanceId: string;
  kind: "app" | "worker";
  /** These paths are the ones the processes see: inside the sandbox, /app/… (spec/platform.md). */
  home: string;
  projectRoot: string;
  mediaRoot: string;
  staticRoot: string;
  virtualenv: string | null;
  /** The Unix user the app runs as (APP_USER). */
  appUser: string;
  port: number | null;
  config: RuntimeConfig;
  /** The app's provisioned postgres service, if any. */
  database?: DatabaseCredentials | null;
  /** The app's provisioned mongodb service, if any. */
  mongodb?: DatabaseCredentials | null;
  /** The app's (or worker's) own variables, decrypted: they win over everything else. */
  appVariables: Record<string, string>;
};

/**
 * An instance's whole environment. Precedence: platform values < thirty.ini [variables] <
 * the app's envvars. Nothing of the platform's own environment leaks in.
 */
export function instanceEnvironment(input: EnvironmentInput): Record<string, string> {
  const bin = input.virtualenv ? `${path.join(input.virtualenv, "bin")}:` : "";
  const platform: Record<string, string> = {
    PATH: `${bin}${path.join(input.home, "bin")}:/usr/local/bin:/usr/bin:/bin`,
    HOME: input.home,
    LANG: "C.UTF-8",
    PYTHONUNBUFFERED: "1",
    PROJECT_ROOT: input.projectRoot,
    STATIC_ROOT: input.staticRoot,
    MEDIA_ROOT: input.mediaRoot,
    APP_NAME: input.appName,
    APP_USER: input.appUser,
    ACCOUNT_NAME: input.accountName,
    DNS_RECORD: input.dnsRecord,
    INSTANCE_ID: input.instanceId,
    INSTANCE_KIND: input.kind,
    ...(input.virtualenv ? { VIRTUAL_ENV: input.virtualenv } : {}),
    ...(input.port ? { PORT: String(input.port) } : {}),
    ...(input.config.django ? { DJANGO_SETTINGS_MODULE: input.config.django.settings } : {}),
    ...databaseEnvironment(input.database ?? null),
    ...mongodbEnvironment(input.mongodb ?? null),
  };
  const expandWith = { PROJECT_ROOT: input.projectRoot, HOME: input.home };
  const fromIni = Object.fromEntries(
    input.config.variables.map((v) => [v.name, expandVariables(v.value, expandWith)]),
  );
  return { ...platform, ...fromIni, ...input.appVariables };
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** conf/environment.conf (shell exports) and conf/environment.json under the instance home. */
export async function writeEnvironmentFiles(home: string, env: Record<string, string>): Promise<void> {
  const conf = path.join(home, "conf");
  await mkdir(conf, { recursive: true });
  const names = Object.keys(env).sort();
  const exports = names.map((name) => `export ${name}=${shellQuote(env[name] ?? "")}`).join("\n");
  await writeFile(path.join(conf, "environment.conf"), `${exports}\n`, { mode: 0o600 });
  await writeFile(path.join(conf, "environment.json"), `${JSON.stringify(env, null, 2)}\n`, { mode: 0o600 });
}
