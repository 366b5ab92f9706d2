import "server-only";
import type { PrismaClient } from "@/server/db/client";
import type { PostgresLogRecord } from "@/server/logs/postgres-log/jsonlog-record";

type Owner = { appId: string; username: string };

/** How long what a database name maps to is trusted before the table is asked again. */
const CACHE_MS = 30_000;

/**
 * Which app a PostgreSQL log line belongs to. A line is an app's when it is about the app's
 * database *and* its session's user is the app's role. The database and user of a session are
 * whatever its client sent, before any authentication: anyone on the machine could connect
 * naming another app's database and have the failure logged. Requiring the app's own role
 * keeps other sessions' errors out of an app's logs, while the app still sees its own failed
 * logins, errors and slow locks. Role names are random but not secret (pg_roles is readable
 * by every role): a tenant can still cause "password authentication failed for user …"
 * lines in another app's logs, with no text of its own in them. Lines of the
 * platform's own sessions (the superuser) and server-wide lines belong to no app.
 */
export class PostgresLogOwners {
  private readonly cache = new Map<string, { owner: Owner | null; until: number }>();

  constructor(private readonly db: PrismaClient) {}

  async ownersOf(records: PostgresLogRecord[]): Promise<(string | null)[]> {
    const now = Date.now();
    const unknown = [
      ...new Set(
        records
          .map((r) => r.dbname)
          .filter((name): name is string => name !== null && (this.cache.get(name)?.until ?? 0) <= now),
      ),
    ];
    if (unknown.length) {
      const rows = await this.db.databaseService.findMany({
        where: { label: "postgres", name: { in: unknown } },
        select: { appId: true, name: true, username: true },
      });
      for (const name of unknown) {
        const matches = rows.filter((row) => row.name === name);
        // Names carry a random tail, so two rows never share one; if they ever did, neither gets it.
        const owner = matches.length === 1 && matches[0] ? matches[0] : null;
        this.cache.set(name, {
          owner: owner ? { appId: owner.appId, username: owner.username } : null,
          until: now + CACHE_MS,
        });
      }
      if (this.cache.size > 10_000) this.forgetExpired(now);
    }
    return records.map((record) => {
      if (!record.dbname || !record.user) return null;
      const owner = this.cache.get(record.dbname)?.owner;
      return owner && owner.username === record.user ? owner.appId : null;
    });
  }

  private forgetExpired(now: number): void {
    for (const [name, entry] of this.cache) if (entry.until <= now) this.cache.delete(name);
  }
}
