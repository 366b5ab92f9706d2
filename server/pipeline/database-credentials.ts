import { decryptSecret } from "@/server/services/secrets/cipher";

export type DatabaseCredentials = {
  name: string;
  username: string;
  password: string;
  host: string;
  port: number;
};

type DatabaseRow = {
  label: string;
  name: string;
  username: string;
  passwordEncrypted: string;
  host: string | null;
  port: number | null;
};

/** The provisioned service of `label` among an app's database rows, decrypted for the runtime. */
export function databaseCredentialsOf(
  rows: DatabaseRow[],
  label: "postgres" | "mongodb" = "postgres",
): DatabaseCredentials | null {
  const row = rows.find((r) => r.label === label);
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

/** Host names with a colon (IPv6) are bracketed in a URL. */
function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** The user lives in its own database, so that database is also where it authenticates. */
export function mongodbUrl(db: DatabaseCredentials): string {
  const user = encodeURIComponent(db.username);
  const password = encodeURIComponent(db.password);
  const name = encodeURIComponent(db.name);
  return `mongodb://${user}:${password}@${urlHost(db.host)}:${db.port}/${name}?authSource=${name}`;
}

/** The MongoDB counterparts of DATABASE_* (spec/platform.md, the seed manual's MONGODB_*). */
export function mongodbEnvironment(db: DatabaseCredentials | null): Record<string, string> {
  if (!db) return {};
  return {
    MONGODB_NAME: db.name,
    MONGODB_USER: db.username,
    MONGODB_USERNAME: db.username,
    MONGODB_PASSWORD: db.password,
    MONGODB_HOST: db.host,
    MONGODB_PORT: String(db.port),
    MONGODB_URL: mongodbUrl(db),
  };
}
