import { decryptSecret } from "@/server/services/secrets/cipher";

export type DatabaseCredentials = {
  name: string;
  username: string;
  password: string;
  host: string;
  port: number;
};

/** The provisioned postgres service among an app's database rows, decrypted for the runtime. */
export function databaseCredentialsOf(
  rows: {
    label: string;
    name: string;
    username: string;
    passwordEncrypted: string;
    host: string | null;
    port: number | null;
  }[],
): DatabaseCredentials | null {
  const row = rows.find((r) => r.label === "postgres");
  if (!row?.host || !row.port) return null;
  return {
    name: row.name,
    username: row.username,
    password: decryptSecret(row.passwordEncrypted),
    host: row.host,
    port: row.port,
  };
}

export function databaseUrl(db: DatabaseCredentials): string {
  const user = encodeURIComponent(db.username);
  const password = encodeURIComponent(db.password);
  return `postgresql://${user}:${password}@${db.host}:${db.port}/${encodeURIComponent(db.name)}`;
}

/** The variables 30loops gave every instance of an app with a database (spec/platform.md). */
export function databaseEnvironment(db: DatabaseCredentials | null): Record<string, string> {
  if (!db) return {};
  return {
    DATABASE_NAME: db.name,
    DATABASE_USER: db.username,
    DATABASE_USERNAME: db.username,
    DATABASE_PASSWORD: db.password,
    DATABASE_HOST: db.host,
    DATABASE_PORT: String(db.port),
    DATABASE_URL: databaseUrl(db),
  };
}
