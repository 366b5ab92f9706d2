import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/** The migrations of prisma/migrations, by name, with the checksum Prisma records for each. */
function localMigrations(root: string): Map<string, string> {
  const dir = path.join(root, "prisma", "migrations");
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name, "migration.sql");
    if (!entry.isDirectory() || !existsSync(file)) continue;
    // Prisma's checksum: SHA-256 of the file as it is on disk.
    found.set(entry.name, createHash("sha256").update(readFileSync(file)).digest("hex"));
  }
  return found;
}

/**
 * Whether every local migration is already applied, unchanged, to the database. Asking costs one
 * query; the Prisma CLI costs a Node process and over a second of a small machine's start.
 * Anything unexpected (no table yet, a failed or edited migration) answers false.
 */
export async function migrationsUpToDate(root: string, databaseUrl: string): Promise<boolean> {
  const local = localMigrations(root);
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    for (const [name, checksum] of local) if (applied.get(name) !== checksum) return false;
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
