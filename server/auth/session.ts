import "server-only";
import { getDb } from "@/server/db/client";
import { getAuth } from "./auth";

import type { Caller } from "@/server/services/caller";

export type { Caller };

/** The signed-in caller of a browser request, or null (expired, deactivated, none). */
export async function callerFromHeaders(headers: Headers): Promise<Caller | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const user = await getDb().user.findUnique({
    where: { id: session.user.id },
    select: {
      id: true,
      username: true,
      isActive: true,
      account: { select: { id: true, name: true, isActive: true } },
    },
  });
  if (!user?.isActive || !user.account.isActive || !user.username) return null;
  return {
    userId: user.id,
    username: user.username,
    accountId: user.account.id,
    accountName: user.account.name,
  };
}
