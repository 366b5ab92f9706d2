import path from "node:path";
import { runCommand } from "./run-command";

/** Applies pending migrations from prisma/migrations with the local Prisma CLI. */
export async function migrateDatabase(root: string, databaseUrl: string): Promise<void> {
  const prisma = path.join(root, "node_modules", ".bin", "prisma");
  const result = await runCommand(prisma, ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (result.code !== 0) {
    throw new Error(`prisma migrate deploy failed (exit code ${result.code}):\n${result.output.trim()}`);
  }
}
