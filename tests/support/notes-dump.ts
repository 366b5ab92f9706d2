import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { APPS_POSTGRES_BIN } from "@/server/platform/apps-postgres";
import { uniqueName } from "./test-accounts";

/** A real dump (pg_dump -Fc of the apps' cluster) of a database holding `rows` as notes. */
export async function dumpOfNotes(rows: string[]): Promise<Buffer> {
  const admin = new pg.Client({ connectionString: process.env.THIRTY_PG_ADMIN_URL });
  await admin.connect();
  const source = uniqueName("upl");
  await admin.query(`CREATE DATABASE ${source}`);
  await admin.end();
  const url = new URL(process.env.THIRTY_PG_ADMIN_URL ?? "");
  url.pathname = `/${source}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query("CREATE TABLE notes (id serial PRIMARY KEY, body text)");
  for (const row of rows) await client.query("INSERT INTO notes (body) VALUES ($1)", [row]);
  await client.end();
  return execFileSync(path.join(APPS_POSTGRES_BIN, "pg_dump"), ["-Fc", url.toString()], {
    maxBuffer: 64 * 1024 * 1024,
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
