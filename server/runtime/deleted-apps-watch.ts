import type { PrismaClient } from "@/server/db/client";
import type { PlatformRuntime } from "./platform-runtime";

/**
 * Deleting an app happens in the web process; the runtime learns of it here, by comparing
 * what it runs with what the database still has, and stops what no longer exists.
 */
export function watchDeletedApps(db: PrismaClient, runtime: PlatformRuntime, everyMs = 2000): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const known = runtime.knownAppIds();
    if (known.length === 0) return;
    busy = true;
    void db.app
      .findMany({ where: { id: { in: known } }, select: { id: true } })
      .then(async (rows) => {
        const existing = new Set(rows.map((r) => r.id));
        for (const appId of known) if (!existing.has(appId)) await runtime.removeApp(appId);
      })
      .catch((error: unknown) => console.error("Checking for deleted apps failed:", error))
      .finally(() => (busy = false));
  }, everyMs);
  return () => clearInterval(timer);
}
