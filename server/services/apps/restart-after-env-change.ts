import type { PrismaTypes } from "@/server/db/client";
import { queueAction } from "@/server/services/actions/queue-action";
import type { Caller } from "@/server/services/caller";
import { revealEnvVar } from "./env-vars";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * What the app's instances would see of their variables. Secret values are compared in
 * plain text: they are re-encrypted (fresh IV) on every save, so ciphertexts always differ.
 */
export async function envFingerprint(tx: Tx, appId: string, target: "app" | "worker"): Promise<string> {
  const rows = await tx.envVar.findMany({ where: { appId, target }, orderBy: { name: "asc" } });
  return JSON.stringify(rows.map((row) => [row.name, revealEnvVar(row)]));
}

/**
 * Variables reach instances only when they start: once they changed, a running app gets a
 * rolling restart, as Heroku users expect. Queued after the change is committed, by the caller
 * who changed them; nothing is queued for an app with nothing running.
 */
export async function restartAfterEnvChange(
  caller: Caller,
  app: {
    name: string;
    variant: "python" | "static";
    currentReleaseId: string | null;
    instances: number;
    stoppedAt: Date | null;
  },
): Promise<{ id: string } | null> {
  if (app.variant !== "python" || !app.currentReleaseId || app.instances === 0 || app.stoppedAt) return null;
  const queued = await queueAction(caller, {
    appName: app.name,
    target: "app",
    request: { action: "restart", options: {} },
  });
  return { id: queued.id };
}
