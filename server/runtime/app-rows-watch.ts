import type { PrismaClient } from "@/server/db/client";
import type { PlatformRuntime } from "./platform-runtime";

/**
 * Apps are deleted, and their custom domains changed, in the web process; the runtime learns
 * of it here, by comparing what it serves with what the database has: it stops what no longer
 * exists, and routes the host names an app has now (CNAMEs count once it is published).
 */
export function watchAppRows(db: PrismaClient, runtime: PlatformRuntime, everyMs = 2000): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const known = runtime.knownAppIds();
    if (known.length === 0) return;
    busy = true;
    void db.app
      .findMany({
        where: { id: { in: known } },
        select: {
          id: true,
          name: true,
          cnames: true,
          published: true,
          deletingAt: true,
          account: { select: { name: true } },
        },
      })
      .then(async (rows) => {
        const existing = new Map(rows.map((row) => [row.id, row]));
        for (const appId of known) {
          const row = existing.get(appId);
          if (!row) {
            await runtime.removeApp(appId);
            continue;
          }
          // Its deletion was asked for: no more traffic now; its delete action stops the rest.
          if (row.deletingAt) {
            runtime.unexpose(appId);
            continue;
          }
          const hosts = [runtime.dnsRecord(row.name, row.account.name), ...(row.published ? row.cnames : [])];
          runtime.setHosts(appId, hosts);
        }
      })
      .catch((error: unknown) => console.error("Checking apps for changes failed:", error))
      .finally(() => (busy = false));
  }, everyMs);
  return () => clearInterval(timer);
}
