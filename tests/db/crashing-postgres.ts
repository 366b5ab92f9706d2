// A platform process that starts the embedded PostgreSQL and is then killed with SIGKILL by
// the test (leftover-postgres.test.ts): the server it leaves running is real.
async function main(): Promise<void> {
  const { startEmbeddedPostgres } = await import("../../server/db/embedded-postgres");
  const database = await startEmbeddedPostgres({ directory: process.argv[2] ?? "" });
  console.log(`ready ${database.url}`);
  setInterval(() => undefined, 60_000);
}

void main();
