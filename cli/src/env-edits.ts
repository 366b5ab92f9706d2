import { CliError } from "./errors";

export type EnvVar = { name: string; value: string; secret?: boolean };

/** `K=V` → `{name: K, value: V}`; the value may itself contain `=`. */
export function parseAssignment(text: string): EnvVar {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new CliError(`--add-var takes NAME=VALUE, not "${text}"`);
  return { name: text.slice(0, eq), value: text.slice(eq + 1) };
}

/**
 * The variables after adding and removing some. Existing ones are sent back as read:
 * secret values come masked, and the server keeps the stored value for a masked secret.
 */
export function editEnvVars(current: EnvVar[], add: string[], remove: string[]): EnvVar[] {
  const byName = new Map(current.map((v) => [v.name, v]));
  for (const name of remove) {
    if (!byName.delete(name)) throw new CliError(`there is no variable ${name} to delete`);
  }
  for (const assignment of add) {
    const v = parseAssignment(assignment);
    byName.set(v.name, v);
  }
  return [...byName.values()];
}

/** CNAME records after adding and removing some. */
export function editCnames(current: string[], add: string[], remove: string[]): string[] {
  const records = new Set(current);
  for (const record of remove) {
    if (!records.delete(record.toLowerCase())) throw new CliError(`${record} is not a CNAME of this app`);
  }
  for (const record of add) records.add(record.toLowerCase());
  return [...records];
}
