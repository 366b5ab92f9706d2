import { ensureMongodbProvisioned, dropMongodbUserAndDatabase } from "./provision-mongodb";
import { dropRoleAndDatabase, ensurePostgresProvisioned } from "./provision-postgres";

export type DatabaseLabel = "postgres" | "mongodb";

/** Provisions the app's service of `label` if it is not yet; false when no server is configured here. */
export function ensureProvisioned(appId: string, label: DatabaseLabel): Promise<boolean> {
  return label === "postgres" ? ensurePostgresProvisioned(appId) : ensureMongodbProvisioned(appId);
}

/** Provisioning right after creation: a failure leaves it for the next deploy, never the request. */
export async function provisionSoon(appId: string, label: DatabaseLabel): Promise<void> {
  await ensureProvisioned(appId, label).catch((error: unknown) => {
    console.error(
      `Provisioning the ${label} database of app ${appId} failed (retried at its next deploy):`,
      error,
    );
  });
}

/** Dropping with the service or the app: only databases that were created. */
export async function dropProvisioned(
  rows: { name: string; username: string; host: string | null; label: string }[],
): Promise<void> {
  for (const row of rows) {
    if (!row.host) continue;
    if (row.label === "postgres") await dropRoleAndDatabase(row);
    else if (row.label === "mongodb") await dropMongodbUserAndDatabase(row);
  }
}
