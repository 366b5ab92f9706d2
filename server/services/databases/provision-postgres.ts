import pg from "pg";
import { getDb } from "@/server/db/client";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { checkedIdentifier, postgresAdminUrl, tenantEndpoint, withAdmin } from "./postgres-admin";

/** A micro database: enough connections for a few instances, a worker and a shell. */
const CONNECTION_LIMIT = 20;

type PostgresRow = { id: string; name: string; username: string; passwordEncrypted: string };

/**
 * Creates the app's login role and its database, idempotently (a half-done earlier attempt is
 * completed). The role owns its database and nothing else; no other role may connect to it.
 */
export async function createRoleAndDatabase(row: PostgresRow): Promise<{ host: string; port: number }> {
  const role = checkedIdentifier(row.username);
  const database = checkedIdentifier(row.name);
  const password = pg.escapeLiteral(decryptSecret(row.passwordEncrypted));
  await withAdmin(async (client) => {
    const roleExists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [row.username]);
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT ${CONNECTION_LIMIT} PASSWORD ${password}`;
    await client.query(
      roleExists.rowCount ? `ALTER ROLE ${role} ${attributes}` : `CREATE ROLE ${role} ${attributes}`,
    );
    const dbExists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [row.name]);
    if (!dbExists.rowCount)
      await client.query(`CREATE DATABASE ${database} OWNER ${role} TEMPLATE template0 ENCODING 'UTF8'`);
    await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
    // Tenants' roles have no business in the server's own databases either.
    await client.query("REVOKE CONNECT ON DATABASE postgres FROM PUBLIC");
    await client.query("REVOKE CONNECT ON DATABASE template1 FROM PUBLIC");
  });
  return tenantEndpoint();
}

/** Drops the database (disconnecting its sessions) and its role. */
export async function dropRoleAndDatabase(row: { name: string; username: string }): Promise<void> {
  const role = checkedIdentifier(row.username);
  const database = checkedIdentifier(row.name);
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.query(`DROP ROLE IF EXISTS ${role}`);
  });
}

/**
 * Provisions the app's postgres service if it is not yet: at creation when this process
 * reaches the apps' server, else at the next deploy. Returns false when there is no server.
 */
export async function ensurePostgresProvisioned(appId: string): Promise<boolean> {
  const db = getDb();
  const row = await db.databaseService.findUnique({ where: { appId_label: { appId, label: "postgres" } } });
  if (!row) return true;
  if (row.host) return true;
  if (!postgresAdminUrl()) return false;
  const { host, port } = await createRoleAndDatabase(row);
  await db.databaseService.update({ where: { id: row.id }, data: { host, port } });
  return true;
}
