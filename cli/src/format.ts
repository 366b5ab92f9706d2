/** Plain-text renderings of the API's objects, for people; `-R` bypasses all of this. */

export type LogbookMessage = { asctime: string; loglevel: number; message: string };
export type LogMessage = { timestamp: string; program: string; severity: string; message: string };
type Fields = Record<string, unknown>;

const LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "EXCEPTION"];

export function levelName(level: number): string {
  return LEVELS[level] ?? `LEVEL${level}`;
}

export function formatLogbookMessage(m: LogbookMessage): string {
  return `${m.asctime} ${levelName(m.loglevel).padEnd(9)} ${m.message}`;
}

export function formatLogMessage(m: LogMessage): string {
  return `${m.timestamp} ${m.program.padEnd(10)} ${m.severity.padEnd(7)} ${m.message}`;
}

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One field's value on one line: links by their URI, lists of records and variables joined. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (Array.isArray(value)) {
    if (value.length === 0) return "-";
    return value
      .map((item) => {
        if (isObject(item) && "record" in item) return String(item.record);
        if (isObject(item) && "name" in item && "value" in item)
          return `${String(item.name)}=${String(item.value)}`;
        return formatValue(item);
      })
      .join(", ");
  }
  if (isObject(value)) {
    if (typeof value.href === "string") return value.href;
    return JSON.stringify(value);
  }
  return String(value);
}

/** `key: value` lines with the values in one column; `link` and `label` are left out. */
export function formatFields(fields: Fields, indent = "  "): string[] {
  const keys = Object.keys(fields).filter((key) => key !== "link" && key !== "label");
  const width = Math.max(0, ...keys.map((key) => key.length)) + 1;
  return keys.map((key) => `${indent}${`${key}:`.padEnd(width)} ${formatValue(fields[key])}`);
}

export const SERVICE_LABELS = ["repository", "postgres", "mongodb", "worker"] as const;

/** The labels of the services an app object links to, in a fixed order. */
export function serviceLabels(app: Fields): string[] {
  return SERVICE_LABELS.filter((label) => isObject(app[label]));
}

/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** `thirty list`: one row per app, its services indented beneath it. */
export function formatAppList(apps: Fields[]): string[] {
  if (apps.length === 0) return ["No apps yet. Create one with: thirty create <app> <repository location>"];
  const rows = [["NAME", "VARIANT", "INSTANCES", "STATUS", "HOST"]];
  for (const app of apps) {
    rows.push([
      String(app.name),
      formatValue(app.variant),
      formatValue(app.instances),
      formatValue(app.status),
      formatValue(app.dns_record),
    ]);
  }
  const [header = "", ...lines] = formatTable(rows);
  const out = [header];
  apps.forEach((app, i) => {
    out.push(lines[i] ?? "");
    for (const label of serviceLabels(app)) out.push(`    ${label}`);
  });
  return out;
}

/** `thirty show`: the app's fields, then each service's fields under its label. */
export function formatAppDetails(app: Fields, services: Fields[]): string[] {
  const lines = [`app ${String(app.name)}`, ...formatFields(app)];
  for (const service of services) {
    // Each service links back to its app: noise right under the app itself.
    const { app: _app, ...fields } = service;
    lines.push("", `${String(service.label)}`, ...formatFields(fields));
  }
  return lines;
}
