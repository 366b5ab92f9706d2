import "server-only";
import { getDb } from "@/server/db/client";
import { hashTokenSecret, looksLikeToken } from "./token-secret";

// Following a logbook polls several times a second: `last_used` is written at most once a
// minute per token, which is all the precision a person reading it needs.
const LAST_USED_PRECISION_MS = 60_000;

/** Whether `password` is a live (not revoked) token of this user; records its use. */
export async function tokenMatches(userId: string, password: string): Promise<boolean> {
  if (!looksLikeToken(password)) return false;
  const db = getDb();
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashTokenSecret(password) },
    select: { id: true, userId: true },
  });
  if (!token || token.userId !== userId) return false;
  const now = new Date();
  await db.apiToken.updateMany({
    where: {
      id: token.id,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_PRECISION_MS) } }],
    },
    data: { lastUsedAt: now },
  });
  return true;
}
