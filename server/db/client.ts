import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export type { PrismaClient } from "./generated/client";
export * as PrismaTypes from "./generated/client";

// One client per process: Next.js can load this module more than once (route handlers and
// instrumentation get separate module instances), so the client hangs on globalThis.
const holder = globalThis as unknown as { thirtyPrisma?: PrismaClient; thirtyPool?: pg.Pool };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start the platform with `npm start`, which provides it.");
  }
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // A connection attempt that PostgreSQL never answers (a restart, a network fault) fails
    // instead of holding a pool slot forever; the caller's retry opens a fresh one.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  holder.thirtyPool = pool;
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

export function getDb(): PrismaClient {
  holder.thirtyPrisma ??= createClient();
  return holder.thirtyPrisma;
}

/** The client's connection pool, for its counts (tests watching it heal after a fault). */
export function dbPoolStats(): { total: number; idle: number; waiting: number } | null {
  const pool = holder.thirtyPool;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

export async function disconnectDb(): Promise<void> {
  await holder.thirtyPrisma?.$disconnect();
  holder.thirtyPrisma = undefined;
}
