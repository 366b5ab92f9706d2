import type { PrismaTypes } from "@/server/db/client";
import type { VariablesTrigger } from "@/server/services/actions/triggers";
import { revealEnvVar } from "./env-vars";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * What the instances would see of their variables, by name. Secret values are compared in
 * plain text: they are re-encrypted (fresh IV) on every save, so ciphertexts always differ.
 * The values stay in this process: only the names of what changed leave it.
 */
export async function readEnvValues(
  tx: Tx,
  appId: string,
  target: "app" | "worker",
): Promise<Map<string, string>> {
  const rows = await tx.envVar.findMany({ where: { appId, target } });
  return new Map(rows.map((row) => [row.name, revealEnvVar(row)]));
}

/** The names set (new or another value) and removed; null when the instances would see no difference. */
export function diffEnvValues(
  before: Map<string, string>,
  after: Map<string, string>,
): VariablesTrigger | null {
  const set = [...after].filter(([name, value]) => before.get(name) !== value).map(([name]) => name);
  const removed = [...before.keys()].filter((name) => !after.has(name));
  if (set.length === 0 && removed.length === 0) return null;
  return { source: "variables", set: set.sort(), removed: removed.sort() };
}
