import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { maxUploadBytes } from "@/server/edge/upload-limit";
import { listBackups, type BackupFile } from "@/server/pipeline/database/backup-store";
import { databaseUrl } from "@/server/pipeline/database-credentials";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { notFound } from "@/server/services/errors";
import { MASK } from "@/server/services/secrets/mask";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { postgresAdminUrl, withAdmin } from "./postgres-admin";

export type DatabaseDetails = {
  /** "available", "not deployed" (not provisioned yet) or "unreachable" (the server did not answer). */
  status: "available" | "not deployed" | "unreachable";
  sizeBytes: number | null;
  /** The connection URL with the password masked; the reveal gives it in full. */
  maskedUrl: string | null;
  backups: BackupFile[];
  /** The largest dump the dashboard may upload for a restore (THIRTY_MAX_UPLOAD_MB). */
  maxUploadBytes: number;
};

async function postgresRow(caller: Caller, appName: string) {
  const app = await findAppRow(getDb(), caller, appName);
  const row = await getDb().databaseService.findUnique({
    where: { appId_label: { appId: app.id, label: "postgres" } },
  });
  if (!row) throw notFound("Service");
  return { app, row };
}

/** What the dashboard's database card shows beyond the service's fields. */
export async function getDatabaseDetails(caller: Caller, appName: string): Promise<DatabaseDetails> {
  const { app, row } = await postgresRow(caller, appName);
  const backups = await listBackups(getConfig().dataDir, app.id);
  const limits = { backups, maxUploadBytes: maxUploadBytes() };
  if (!row.host || !row.port) return { status: "not deployed", sizeBytes: null, maskedUrl: null, ...limits };
  const maskedUrl = databaseUrl({
    name: row.name,
    username: row.username,
    password: MASK,
    host: row.host,
    port: row.port,
  });
  if (!postgresAdminUrl()) return { status: "unreachable", sizeBytes: null, maskedUrl, ...limits };
  const size = await withAdmin(async (client) => {
    const result = await client.query<{ size: string }>("SELECT pg_database_size($1)::text AS size", [
      row.name,
    ]);
    return Number(result.rows[0]?.size ?? 0);
  }).catch(() => null);
  return { status: size === null ? "unreachable" : "available", sizeBytes: size, maskedUrl, ...limits };
}

/** The explicit reveal: password, URL and a psql command line, only to the app's own account. */
export async function revealDatabaseCredentials(
  caller: Caller,
  appName: string,
): Promise<{ password: string; url: string; psql: string }> {
  const { row } = await postgresRow(caller, appName);
  if (!row.host || !row.port) throw notFound("Provisioned database");
  const credentials = {
    name: row.name,
    username: row.username,
    password: decryptSecret(row.passwordEncrypted),
    host: row.host,
    port: row.port,
  };
  const url = databaseUrl(credentials);
  return { password: credentials.password, url, psql: `psql '${url}'` };
}
