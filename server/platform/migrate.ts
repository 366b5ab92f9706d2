import { spawn } from "node:child_process";
import path from "node:path";
import { migrationsUpToDate } from "./applied-migrations";

/**
 * Prisma 6.19's wasm schema engine leaves a 10-second timer running after its work, so the
 * CLI idles that long before exiting. Once it has printed one of these (written after the
 * migrations table is updated), the work is done and the process can be ended.
 */
const DONE = /All migrations have been successfully applied\.|No pending migrations to apply\./;
const GRACE_MS = 300;

/** Applies pending migrations from prisma/migrations; the Prisma CLI runs only when there are some. */
export async function migrateDatabase(root: string, databaseUrl: string): Promise<void> {
  if (await migrationsUpToDate(root, databaseUrl)) return;
  await migrateWithPrisma(root, databaseUrl);
}

function migrateWithPrisma(root: string, databaseUrl: string): Promise<void> {
  const prisma = path.join(root, "node_modules", ".bin", "prisma");
  return new Promise((resolve, reject) => {
    const child = spawn(prisma, ["migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (!done && DONE.test(output)) {
        done = true;
        timer = setTimeout(() => child.kill("SIGTERM"), GRACE_MS);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      if (code === 0 || done) resolve();
      else reject(new Error(`prisma migrate deploy failed (exit code ${code}):\n${output.trim()}`));
    });
  });
}
