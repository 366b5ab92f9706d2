import pg from "pg";

/**
 * The superuser connection to the server holding tenants' databases: the platform's own
 * apps cluster (the launcher sets THIRTY_PG_ADMIN_URL when it starts it) or an operator's.
 * Null when this process has none: provisioning then waits for a process that has one.
 */
export function postgresAdminUrl(): string | null {
  return process.env.THIRTY_PG_ADMIN_URL || null;
}

/** Identifiers the platform generates: checked again here before any SQL names them. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkedIdentifier(name: string): string {
  if (!IDENTIFIER.test(name))
    throw new Error(`Refusing a database identifier the platform did not make: ${name}`);
  return pg.escapeIdentifier(name);
}

/** Runs `work` on one admin connection to `database` (the maintenance database by default). */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const url = postgresAdminUrl();
  if (!url) throw new Error("No PostgreSQL server for apps is configured (THIRTY_PG_ADMIN_URL).");
  const target = new URL(url);
  if (database) target.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: target.toString(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  // These sessions set roles' passwords: none of their statements may reach the server's log,
  // whatever it is configured to log (an operator's server may log every statement). Only a
  // superuser may change these; a server that refuses keeps its own settings.
  await client
    .query(
      "SET log_statement = 'none'; SET log_min_error_statement = 'panic'; SET log_min_duration_statement = -1",
    )
    .catch(() => undefined);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Where tenants reach the server: the admin URL's host and port. */
export function tenantEndpoint(): { host: string; port: number } {
  const url = new URL(postgresAdminUrl() ?? "postgresql://127.0.0.1:5432");
  return { host: url.hostname, port: Number(url.port || 5432) };
}
