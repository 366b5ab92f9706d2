import { randomBytes } from "node:crypto";
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
 * and the database is provisioned with them (server/services/databases); until then host and
 * port stay empty. The role's name is random, so it says nothing about whose it is; the
 * database's keeps the app's name for the operator, with a random tail so two apps whose
 * names fold to the same identifier never meet.
 */
export async function insertDatabaseService(
  tx: Tx,
  options: { appId: string; appName: string; accountName: string; label: DatabaseLabel; variant?: string },
) {
  const base = `${options.accountName}_${options.appName}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .slice(0, 40);
  const tail = randomBytes(4).toString("hex");
  return tx.databaseService.create({
    data: {
      appId: options.appId,
      label: options.label,
      variant: options.variant ?? DEFAULT_DATABASE_VARIANT[options.label],
      name: `${/^[a-z_]/.test(base) ? base : `a_${base}`}_${tail}`,
      username: `u${randomBytes(8).toString("hex")}`,
      passwordEncrypted: encryptSecret(generatePassword(24)),
    },
  });
}
