/**
 * Starts an embedded PostgreSQL in the directory given and keeps running, as the launcher
 * does, so a test can signal or kill this owner and see what happens to the server.
 */
async function main(): Promise<void> {
  const { startEmbeddedPostgres } = await import("../../server/db/embedded-postgres");
  const directory = process.argv[2];
  if (!directory) throw new Error("usage: postgres-owner.ts <cluster directory>");
  // PostgreSQL's own messages, for the test to read which shutdown it was asked for.
  const database = await startEmbeddedPostgres({
    directory,
    onLog: (line) => process.stdout.write(`postgres: ${line}\n`),
  });
  process.stdout.write(`READY ${database.url}\n`);
  // The launcher's way: the library's exit-at-once hooks go, and SIGTERM stops PostgreSQL
  // after the work that still needs it.
  process.removeAllListeners("SIGTERM");
  process.on("SIGTERM", () => {
    void database.stop().then(() => process.exit(0));
  });
  setInterval(() => undefined, 60_000);
}

void main();
