// A platform process that starts the embedded PostgreSQL, writes a row, and is then killed
// with SIGKILL by the test (leftover-postgres.test.ts).
import pg from "pg";

async function main(): Promise<void> {
  const { startEmbeddedPostgres } = await import("../../server/db/embedded-postgres");
  const database = await startEmbeddedPostgres({ directory: process.argv[2] ?? "" });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('before the crash')");
  await client.end();
  console.log(`ready ${database.url}`);
  setInterval(() => undefined, 60_000);
}

void main();
