import { ApiClient } from "./api-client";
import { readConfigFile } from "./config-file";
import { CliError } from "./errors";
import { canPrompt, Prompter } from "./prompt";
import { resolveSettings, type PartialSettings, type Settings } from "./settings";

export type GlobalOptions = PartialSettings & { raw?: boolean };

export type Session = { api: ApiClient; settings: Settings };

/** The settings for this run: the command line over ~/.thirty.cfg over the defaults. */
export function settingsFrom(globals: GlobalOptions): Settings {
  return resolveSettings(globals, readConfigFile());
}

/**
 * A client for the account, asking for the password (without echo) when none was given
 * and someone is at the keyboard. Without a terminal a missing value is an error, not a
 * hang.
 */
export async function openSession(globals: GlobalOptions): Promise<Session> {
  const settings = settingsFrom(globals);
  const hint = "give it with the global options or run `thirty setup`";
  if (!settings.account) throw new CliError(`no account: ${hint} (-a ACCOUNT)`);
  if (!settings.username) throw new CliError(`no username: ${hint} (-u USERNAME)`);
  let password = settings.password;
  if (password === undefined) {
    if (!canPrompt()) throw new CliError(`no password: ${hint} (-p PASSWORD)`);
    const prompter = new Prompter();
    try {
      password = await prompter.askHidden(`Password for ${settings.username}`);
    } finally {
      prompter.close();
    }
  }
  const api = new ApiClient({
    uri: settings.uri,
    api: settings.api,
    account: settings.account,
    username: settings.username,
    password,
  });
  return { api, settings };
}
