import "server-only";
import { getDb } from "@/server/db/client";
import type { RateLimitStore, WindowCount } from "./rate-limit-store";

/** Counters in the RateLimitWindow table; one atomic upsert per hit. */
export class PostgresRateLimitStore implements RateLimitStore {
  async peek(key: string, windowMs: number): Promise<WindowCount> {
    const row = await getDb().rateLimitWindow.findUnique({ where: { key } });
    const now = Date.now();
    if (!row || row.windowStart.getTime() + windowMs <= now) {
      return { count: 0, resetsAt: new Date(now + windowMs) };
    }
    return { count: row.count, resetsAt: new Date(row.windowStart.getTime() + windowMs) };
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    // One statement, so concurrent failures in several processes all count: an ended
    // window restarts at 1, an open one adds 1.
    const rows = await getDb().$queryRaw<{ count: number; windowStart: Date }[]>`
      INSERT INTO "RateLimitWindow" ("key", "windowStart", "count")
      VALUES (${key}, now(), 1)
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN "RateLimitWindow"."windowStart" + ${windowMs} * interval '1 millisecond' <= now()
                       THEN 1 ELSE "RateLimitWindow"."count" + 1 END,
        "windowStart" = CASE WHEN "RateLimitWindow"."windowStart" + ${windowMs} * interval '1 millisecond' <= now()
                       THEN now() ELSE "RateLimitWindow"."windowStart" END
      RETURNING "count", "windowStart"`;
    const row = rows[0];
    if (!row) throw new Error(`Rate limit upsert for ${key} returned nothing.`);
    // Old windows are dead weight: sweep a few now and then, never on every hit.
    if (Math.random() < 0.01) {
      await getDb().rateLimitWindow.deleteMany({
        where: { windowStart: { lt: new Date(Date.now() - 24 * 60 * 60 * 1000) } },
      });
    }
    return { count: Number(row.count), resetsAt: new Date(row.windowStart.getTime() + windowMs) };
  }
}
