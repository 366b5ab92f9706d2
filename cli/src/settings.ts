/** Everything the client needs to reach the API as someone. */
export type Settings = {
  username?: string;
  password?: string;
  account?: string;
  uri: string;
  api: string;
  raw: boolean;
};

export const SETTING_KEYS = ["username", "password", "account", "uri", "api"] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];
export type PartialSettings = Partial<Record<SettingKey, string>>;

export const DEFAULT_URI = "http://127.0.0.1:3000";
export const DEFAULT_API = "0.9";

function present(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/**
 * The command line beats the config file, which beats the defaults. An empty value counts
 * as not given, so `password =` in the file still leads to a prompt.
 */
export function resolveSettings(
  commandLine: PartialSettings & { raw?: boolean },
  file: PartialSettings,
): Settings {
  const pick = (key: SettingKey) => present(commandLine[key]) ?? present(file[key]);
  return {
    username: pick("username"),
    password: pick("password"),
    account: pick("account"),
    uri: (pick("uri") ?? DEFAULT_URI).replace(/\/+$/, ""),
    api: pick("api") ?? DEFAULT_API,
    raw: commandLine.raw === true,
  };
}
