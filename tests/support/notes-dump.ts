import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { APPS_POSTGRES_BIN } from "@/server/platform/apps-postgres";
import { uniqueName } from "./test-accounts";

/**
 * A real dump (pg_dump -Fc of the apps' cluster) of a scratch database with a `notes` table,
 * filled by `fill` as the cluster's superuser.
 */
export async function dumpOf(fill: (client: pg.Client) => Promise<void>): Promise<Buffer> {
  const admin = new pg.Client({ connectionString: process.env.THIRTY_PG_ADMIN_URL });
  await admin.connect();
  const source = uniqueName("dump");
  await admin.query(`CREATE DATABASE ${source}`);
  await admin.end();
  const url = new URL(process.env.THIRTY_PG_ADMIN_URL ?? "");
  url.pathname = `/${source}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query("CREATE TABLE notes (id serial PRIMARY KEY, body text)");
  await fill(client);
  await client.end();
  return execFileSync(path.join(APPS_POSTGRES_BIN, "pg_dump"), ["-Fc", url.toString()], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** A dump of a database holding `rows` as notes. */
export function dumpOfNotes(rows: string[]): Promise<Buffer> {
  return dumpOf(async (client) => {
    for (const row of rows) await client.query("INSERT INTO notes (body) VALUES ($1)", [row]);
  });
}

/** A dump holding an event trigger: only a superuser could restore it. */
export function superuserOnlyDump(): Promise<Buffer> {
  return dumpOf(async (client) => {
    await client.query("CREATE FUNCTION grab() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$");
    await client.query("CREATE EVENT TRIGGER grab ON ddl_command_start EXECUTE FUNCTION grab()");
  });
}

/** The notes of an app's database, read as the apps' cluster's admin. */
export async function notesIn(database: string): Promise<string[]> {
  const url = new URL(process.env.THIRTY_PG_ADMIN_URL ?? "");
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const result = await client.query<{ body: string }>("SELECT body FROM notes ORDER BY id");
    return result.rows.map((row) => row.body);
  } finally {
    await client.end();
  }
}
