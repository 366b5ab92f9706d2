import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../server/db/embedded-postgres";
import { runCommand } from "../server/platform/run-command";

/**
 * npm run db:migration -- <name> [--from-empty | --from <old schema.prisma>]
 *
 * Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql: the SQL that takes the
 * schema committed in git HEAD (or the given one) to the working prisma/schema.prisma.
 * `prisma migrate dev` cannot work through the driver adapter; `migrate diff` between two
 * datamodels can, but it still wants a live database, so a throw-away one is started
 * when DATABASE_URL is unset. Apply the result with `prisma migrate deploy` (npm start does).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
const MIGRATIONS = path.join(ROOT, "prisma", "migrations");

type Args = { name: string; from: "head" | "empty" | string };

function parseArgs(argv: string[]): Args {
  let name: string | undefined;
  let from: Args["from"] = "head";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--from-empty") from = "empty";
    else if (arg === "--from") from = path.resolve(argv[++i] ?? "");
    else if (arg && !arg.startsWith("-") && name === undefined) name = arg;
    else throw new Error(`Unknown option ${arg}`);
  }
  if (!name) throw new Error("Usage: npm run db:migration -- <name> [--from-empty | --from <schema.prisma>]");
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  if (!slug) throw new Error(`"${name}" is not a usable migration name.`);
  return { name: slug, from };
}

function utcTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

/** A timestamp later than every existing migration's, so they stay in order. */
function nextTimestamp(): string {
  const existing = existsSync(MIGRATIONS)
    ? readdirSync(MIGRATIONS)
        .map((entry) => /^(\d{14})_/.exec(entry)?.[1])
        .filter((stamp): stamp is string => Boolean(stamp))
        .sort()
    : [];
  const latest = existing.at(-1);
  const now = utcTimestamp(new Date());
  if (!latest || now > latest) return now;
  return String(BigInt(latest) + 1n);
}

function committedSchema(): string | undefined {
  try {
    return execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
}

function hasMigrations(): boolean {
  return existsSync(MIGRATIONS) && readdirSync(MIGRATIONS).some((entry) => /^\d{14}_/.test(entry));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(path.join(os.tmpdir(), "thirty-migration-"));
  let database: EmbeddedDatabase | undefined;
  try {
    let fromArgs: string[];
    if (args.from === "empty") {
      fromArgs = ["--from-empty"];
    } else if (args.from === "head") {
      const previous = committedSchema();
      if (previous === undefined) {
        if (hasMigrations()) {
          throw new Error(
            "git HEAD has no prisma/schema.prisma to diff from, but migrations exist: commit the schema " +
              "they describe first, or name it with --from <schema.prisma>.",
          );
        }
        fromArgs = ["--from-empty"];
      } else {
        const file = path.join(scratch, "previous.prisma");
        writeFileSync(file, previous);
        fromArgs = ["--from-schema-datamodel", file];
      }
    } else {
      fromArgs = ["--from-schema-datamodel", args.from];
    }

    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      database = await startEmbeddedPostgres({ directory: path.join(scratch, "postgres") });
      databaseUrl = database.url;
    }

    const result = await runCommand(
      path.join(ROOT, "node_modules", ".bin", "prisma"),
      ["migrate", "diff", ...fromArgs, "--to-schema-datamodel", SCHEMA, "--script"],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
    );
    if (result.code !== 0) throw new Error(`prisma migrate diff failed:\n${result.output.trim()}`);
    const sql = sqlOnly(result.stdout);
    if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
      console.log("prisma/schema.prisma has no changes to migrate: nothing written.");
      return;
    }
    const directory = path.join(MIGRATIONS, `${nextTimestamp()}_${args.name}`);
    mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(directory, "migration.sql"), sql.endsWith("\n") ? sql : `${sql}\n`);
    console.log(`Wrote ${path.relative(ROOT, path.join(directory, "migration.sql"))}`);
  } finally {
    await database?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The CLI mixes its banners ("Loaded Prisma config …") into the output: keep the SQL. */
function sqlOnly(output: string): string {
  const lines = output.split("\n");
  const start = lines.findIndex((line) => /^(--|CREATE|ALTER|DROP|COMMENT|-- This is an empty)/.test(line));
  if (start === -1) return "";
  return lines
    .slice(start)
    .filter((line) => !/^(Loaded Prisma config|Prisma config detected)/.test(line))
    .join("\n")
    .trimEnd();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
