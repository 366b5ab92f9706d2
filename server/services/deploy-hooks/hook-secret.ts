import "server-only";
import { randomBytes } from "node:crypto";
import { getDb } from "@/server/db/client";
import { decryptSecret, encryptSecret } from "@/server/services/secrets/cipher";

/** 32 random bytes: HMAC-SHA256 keys gain nothing from more; GitLab tokens accept this length. */
function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The app's hook secret, created on first need. Two first readers at once both write only
 * where the column is still empty, so exactly one secret wins and both read that one back.
 */
export async function ensureHookSecret(appId: string): Promise<string> {
  const db = getDb();
  const row = await db.app.findUniqueOrThrow({
    where: { id: appId },
    select: { deployHookSecretEncrypted: true },
  });
  if (row.deployHookSecretEncrypted) return decryptSecret(row.deployHookSecretEncrypted);
  await db.app.updateMany({
    where: { id: appId, deployHookSecretEncrypted: null },
    data: { deployHookSecretEncrypted: encryptSecret(newSecret()) },
  });
  const written = await db.app.findUniqueOrThrow({
    where: { id: appId },
    select: { deployHookSecretEncrypted: true },
  });
  return decryptSecret(written.deployHookSecretEncrypted ?? "");
}

/** Replaces the secret: events signed with the old one are refused from now on. */
export async function replaceHookSecret(appId: string): Promise<string> {
  const secret = newSecret();
  await getDb().app.update({
    where: { id: appId },
    data: { deployHookSecretEncrypted: encryptSecret(secret) },
  });
  return secret;
}

/** The stored secret, or null when the app has none yet (then no event can match). */
export function storedHookSecret(row: { deployHookSecretEncrypted: string | null }): string | null {
  return row.deployHookSecretEncrypted ? decryptSecret(row.deployHookSecretEncrypted) : null;
}
