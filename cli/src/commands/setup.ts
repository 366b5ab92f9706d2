import { existsSync } from "node:fs";
import os from "node:os";
import type { Command } from "commander";
import { ApiClient } from "../api-client";
import { configPath, writeNewConfigFile } from "../config-file";
import { CliError } from "../errors";
import { note } from "../output";
import { Prompter } from "../prompt";
import { settingsFrom, type GlobalOptions } from "../session";
import type { PartialSettings } from "../settings";

/** A name for a token made by the wizard: where and when, so the account page tells them apart. */
function tokenName(): string {
  const host =
    os
      .hostname()
      .replace(/[^A-Za-z0-9._-]/g, "-")
      .slice(0, 24) || "host";
  const day = new Date().toISOString().slice(0, 10);
  return `thirty-${host}-${day}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * The wizard behind `thirty setup`: asks for the platform, account and user, checks the
 * credentials against the API, and offers to store a personal API token instead of the
 * password (a token can be revoked on its own; the password then never sits in a file).
 */
async function runWizard(prompter: Prompter, globals: GlobalOptions): Promise<PartialSettings> {
  const defaults = settingsFrom(globals);
  const uri = (await prompter.ask("Platform URI", defaults.uri)).replace(/\/+$/, "");
  const account = await prompter.ask("Account", defaults.account);
  const username = await prompter.ask("Username", defaults.username);
  if (!account || !username) throw new CliError("an account and a username are needed");
  const password = defaults.password ?? (await prompter.askHidden("Password"));
  const api = new ApiClient({ uri, api: defaults.api, account, username, password });
  await api.get("authcheck");
  const useToken = await prompter.confirm("Store a new API token instead of your password?", true);
  const values: PartialSettings = { uri, account, username };
  if (defaults.api !== "0.9") values.api = defaults.api;
  if (useToken) {
    const name = await prompter.ask("Token name", tokenName());
    const created = await api.request("POST", "tokens", { name });
    values.password = String((created.body as { token: string }).token);
    note(
      `Created API token ${name}; revoke it on the account page or with the API when this machine is gone.`,
    );
  } else {
    values.password = password;
  }
  return values;
}

export function registerSetup(program: Command): void {
  program
    .command("setup")
    .description("write ~/.thirty.cfg interactively (never overwrites an existing one)")
    .action(async (_options: unknown, command: Command) => {
      const file = configPath();
      // Checked before asking anything; the write checks again, atomically.
      if (existsSync(file))
        throw new CliError(`${file} exists already; not overwriting it. Edit or remove it first.`);
      const prompter = new Prompter();
      try {
        const values = await runWizard(prompter, command.optsWithGlobals<GlobalOptions>());
        writeNewConfigFile(values, file);
        note(`Wrote ${file} (readable only by you).`);
      } finally {
        prompter.close();
      }
    });
}
