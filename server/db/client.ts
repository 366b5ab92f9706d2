import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export type { PrismaClient } from "./generated/client";
export * as PrismaTypes from "./generated/client";

// One client per process: Next.js can load this module more than once (route handlers and
// instrumentation get separate module instances), so the client hangs on globalThis.
const holder = globalThis as unknown as { thirtyPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start the platform with `npm start`, which provides it.");
  }
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

export function getDb(): PrismaClient {
  holder.thirtyPrisma ??= createClient();
  return holder.thirtyPrisma;
}

export async function disconnectDb(): Promise<void> {
  await holder.thirtyPrisma?.$disconnect();
  holder.thirtyPrisma = undefined;
}
