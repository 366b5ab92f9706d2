import {
  replaceMongoServerConnector,
  type MongoServer,
  type MongoServerConnector,
} from "@/server/services/databases/mongodb-server";

/** What an operator would give the platform; the stand-in answers for this server. */
export const STAND_IN_MONGODB_URL = "mongodb://platform:operator-secret@mongo.internal:27018/admin";

export type StandInUser = { database: string; password: string; roles: { role: string; db: string }[] };

/**
 * A stand-in for a MongoDB server (none can be installed where the suite runs): it keeps the
 * users and databases the platform asks for, answering what MongoDB would. It replaces only
 * the server behind server/services/databases/mongodb-server.ts; the platform's code runs as
 * in production. `fail` makes the next calls throw like an unreachable server.
 */
export function installMongoStandIn() {
  const users = new Map<string, StandInUser>();
  const databases = new Set<string>();
  const calls: string[] = [];
  const state = { fail: false };
  const previousUrl = process.env.THIRTY_MONGODB_ADMIN_URL;
  process.env.THIRTY_MONGODB_ADMIN_URL = STAND_IN_MONGODB_URL;
  const connector: MongoServerConnector = async (adminUrl) => {
    if (adminUrl !== STAND_IN_MONGODB_URL) throw new Error(`Unexpected admin URL ${adminUrl}`);
    if (state.fail) throw new Error("connect ECONNREFUSED mongo.internal:27018");
    let open = true;
    const server: MongoServer = {
      async ensureUser({ database, username, password }) {
        if (!open) throw new Error("client closed");
        calls.push(`ensureUser ${username}@${database}`);
        users.set(username, { database, password, roles: [{ role: "readWrite", db: database }] });
        databases.add(database);
      },
      async dropUserAndDatabase({ database, username }) {
        if (!open) throw new Error("client closed");
        calls.push(`drop ${username}@${database}`);
        users.delete(username);
        databases.delete(database);
      },
      async close() {
        open = false;
      },
    };
    return server;
  };
  const previous = replaceMongoServerConnector(connector);
  return {
    users,
    databases,
    calls,
    state,
    restore() {
      replaceMongoServerConnector(previous);
      if (previousUrl === undefined) delete process.env.THIRTY_MONGODB_ADMIN_URL;
      else process.env.THIRTY_MONGODB_ADMIN_URL = previousUrl;
    },
  };
}
