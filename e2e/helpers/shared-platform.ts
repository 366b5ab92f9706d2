import { readFileSync } from "node:fs";
import pg from "pg";
import { SHARED_PLATFORM_FILE } from "./ports";

/** Where the platform that playwright.config.ts serves the tests on keeps its data. */
export type SharedPlatform = {
  /** Its control plane's PostgreSQL (DATABASE_URL), as a superuser. */
  databaseUrl: string;
  /** Its apps' PostgreSQL server (THIRTY_PG_ADMIN_URL). */
  pgAdminUrl: string;
};

/**
 * How to reach the PostgreSQL servers of the platform playwright.config.ts serves the tests
 * on, as its e2e server wrote it (scripts/e2e-server.ts) before it announced that it serves.
 */
export function readSharedPlatform(): SharedPlatform {
  let text: string;
  try {
    text = readFileSync(SHARED_PLATFORM_FILE, "utf8");
  } catch {
    throw new Error(
      `${SHARED_PLATFORM_FILE} is missing: the e2e server writes it once its PostgreSQL runs (scripts/e2e-server.ts, THIRTY_E2E_SHARED_PLATFORM_FILE in playwright.config.ts).`,
    );
  }
  const shared = JSON.parse(text) as Partial<SharedPlatform>;
  if (!shared.databaseUrl || !shared.pgAdminUrl)
    throw new Error(`${SHARED_PLATFORM_FILE} lacks the database URLs.`);
  return { databaseUrl: shared.databaseUrl, pgAdminUrl: shared.pgAdminUrl };
}

export type SiblingDatabase = { url: string; drop: () => Promise<void> };

async function asSuperuser<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(serverUrl);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database on the server of `serverUrl` (the launcher migrates it), dropped again
 * by `drop`. Platform processes on it share nothing with those on the other databases: not the
 * queue, and not LISTEN/NOTIFY, whose channels are per database (graphile-worker's own are
 * not per schema: a worker shuts down when a queue is installed in another schema beside it).
 */
export async function createSiblingDatabase(serverUrl: string, name: string): Promise<SiblingDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`${name} is not a plain database name.`);
  await asSuperuser(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      // FORCE: a process killed hard may have left connections behind.
      await asSuperuser(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}
