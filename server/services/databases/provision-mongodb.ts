import "server-only";
import { getDb } from "@/server/db/client";
import { decryptSecret } from "@/server/services/secrets/cipher";
import {
  connectMongoServer,
  mongodbAdminUrl,
  mongodbTenantEndpoint,
  type MongoServer,
} from "./mongodb-server";

/** No operator's MongoDB server: what could not be done without one waits or is refused. */
export class NoMongoServerError extends Error {
  constructor() {
    super("No MongoDB server for apps is configured on this platform (THIRTY_MONGODB_ADMIN_URL).");
  }
}

async function withMongoServer<T>(work: (server: MongoServer, adminUrl: string) => Promise<T>): Promise<T> {
  const adminUrl = mongodbAdminUrl();
  if (!adminUrl) throw new NoMongoServerError();
  const server = await connectMongoServer(adminUrl);
  try {
    return await work(server, adminUrl);
  } finally {
    await server.close().catch(() => undefined);
  }
}

/**
 * Provisions the app's mongodb service if it is not yet: its user with readWrite on its own
 * database. Returns false when this process has no MongoDB server to ask.
 */
export async function ensureMongodbProvisioned(appId: string): Promise<boolean> {
  const db = getDb();
  const row = await db.databaseService.findUnique({ where: { appId_label: { appId, label: "mongodb" } } });
  if (!row || row.host) return true;
  if (!mongodbAdminUrl()) return false;
  const { host, port } = await withMongoServer(async (server, adminUrl) => {
    await server.ensureUser({
      database: row.name,
      username: row.username,
      password: decryptSecret(row.passwordEncrypted),
    });
    return mongodbTenantEndpoint(adminUrl);
  });
  await db.databaseService.update({ where: { id: row.id }, data: { host, port } });
  return true;
}

export async function dropMongodbUserAndDatabase(row: { name: string; username: string }): Promise<void> {
  await withMongoServer((server) =>
    server.dropUserAndDatabase({ database: row.name, username: row.username }),
  );
}
