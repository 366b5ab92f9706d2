import type { PrismaTypes } from "@/server/db/client";
import { encryptSecret, generatePassword } from "@/server/services/secrets/cipher";

type Tx = PrismaTypes.Prisma.TransactionClient;
export type DatabaseLabel = "postgres" | "mongodb";

export const DEFAULT_DATABASE_VARIANT: Record<DatabaseLabel, string> = {
  postgres: "postgres_micro",
  mongodb: "mongodb_micro",
};

/**
 * Credentials are chosen when the service is created (so environment files can name them)
 * and the database is provisioned with them later; until then host and port stay empty.
 */
export async function insertDatabaseService(
  tx: Tx,
  options: { appId: string; appName: string; accountName: string; label: DatabaseLabel; variant?: string },
) {
  const base = `${options.accountName}_${options.appName}`.replace(/-/g, "_").slice(0, 50);
  return tx.databaseService.create({
    data: {
      appId: options.appId,
      label: options.label,
      variant: options.variant ?? DEFAULT_DATABASE_VARIANT[options.label],
      name: `${base}_${options.label === "postgres" ? "db" : "mongo"}`,
      username: `${base}_user`,
      passwordEncrypted: encryptSecret(generatePassword()),
    },
  });
}
