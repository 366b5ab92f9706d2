/** One line of PostgreSQL's jsonlog, reduced to what the platform uses. */
export type PostgresLogRecord = {
  timestamp: Date;
  /** The session's database and user as the client named them; absent for server-wide lines. */
  dbname: string | null;
  user: string | null;
  /** PostgreSQL's level: LOG, WARNING, ERROR, FATAL, PANIC, … */
  level: string;
  message: string;
  detail: string | null;
  hint: string | null;
  context: string | null;
  statement: string | null;
};

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** jsonlog writes "2026-11-27 04:10:22.238 UTC" (log_timezone is UTC on the apps' cluster). */
function timestampOf(value: unknown): Date {
  const match =
    typeof value === "string" ? /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) UTC$/.exec(value) : null;
  const parsed = match ? new Date(`${match[1]}T${match[2]}Z`) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : new Date();
}

/** Parses one line; null for anything that is not a jsonlog record (a torn or foreign line). */
export function parseJsonlogLine(line: string): PostgresLogRecord | null {
  if (!line.startsWith("{")) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const fields = raw as Record<string, unknown>;
  const message = text(fields.message);
  const level = text(fields.error_severity);
  if (message === null || level === null) return null;
  return {
    timestamp: timestampOf(fields.timestamp),
    dbname: text(fields.dbname),
    user: text(fields.user),
    level,
    message,
    detail: text(fields.detail),
    hint: text(fields.hint),
    context: text(fields.context),
    statement: text(fields.statement),
  };
}

/** The logs' severities (as the other programs' lines use them). */
export function severityOfLevel(level: string): string {
  switch (level) {
    case "PANIC":
      return "Critical";
    case "FATAL":
    case "ERROR":
      return "Error";
    case "WARNING":
      return "Warning";
    default:
      return level.startsWith("DEBUG") ? "Debug" : "Info";
  }
}

/**
 * The lines a person reads in PostgreSQL's own text log for this record: the message, then
 * its DETAIL, HINT, CONTEXT and STATEMENT, each labelled the way PostgreSQL labels them.
 */
export function textLinesOf(record: PostgresLogRecord): string[] {
  const lines = [`${record.level}:  ${record.message}`];
  if (record.detail) lines.push(`DETAIL:  ${record.detail}`);
  if (record.hint) lines.push(`HINT:  ${record.hint}`);
  if (record.context) lines.push(`CONTEXT:  ${record.context}`);
  if (record.statement) lines.push(`STATEMENT:  ${record.statement}`);
  return lines;
}
