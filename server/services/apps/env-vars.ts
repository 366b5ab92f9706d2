import type { PrismaTypes } from "@/server/db/client";
import { decryptSecret, encryptSecret } from "@/server/services/secrets/cipher";
import { MASK } from "@/server/services/secrets/mask";
import type { TEnvVar } from "./schemas";

type Tx = PrismaTypes.Prisma.TransactionClient;
type Target = "app" | "worker";

export type EnvVarView = { name: string; value: string; secret: boolean };

const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE|CREDENTIAL)/i;

/** Variables whose names look like credentials are secret unless said otherwise. */
export function isSecretByDefault(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function toEnvVarView(row: { name: string; value: string; isSecret: boolean }): EnvVarView {
  return { name: row.name, value: row.isSecret ? MASK : row.value, secret: row.isSecret };
}

/**
 * Replaces the variables of an app (or its worker) with `vars`. Reads mask secret values,
 * so a secret sent back with the mask as its value keeps the value stored before: clients
 * can edit a list they read without knowing (or destroying) the secrets in it.
 */
export async function replaceEnvVars(tx: Tx, appId: string, target: Target, vars: TEnvVar[]): Promise<void> {
  const existing = await tx.envVar.findMany({ where: { appId, target } });
  const byName = new Map(existing.map((row) => [row.name, row]));
  const rows = vars.map((v) => {
    const secret = v.secret ?? byName.get(v.name)?.isSecret ?? isSecretByDefault(v.name);
    const previous = byName.get(v.name);
    if (secret && v.value === MASK && previous?.isSecret) {
      return { appId, target, name: v.name, value: previous.value, isSecret: true };
    }
    return {
      appId,
      target,
      name: v.name,
      value: secret ? encryptSecret(v.value) : v.value,
      isSecret: secret,
    };
  });
  await tx.envVar.deleteMany({ where: { appId, target } });
  if (rows.length > 0) await tx.envVar.createMany({ data: rows });
}

/** Plain values for the runtime (a later issue); never for API reads. */
export function revealEnvVar(row: { value: string; isSecret: boolean }): string {
  return row.isSecret ? decryptSecret(row.value) : row.value;
}
