import "server-only";

/**
 * What the platform asks of a MongoDB server: the only place that speaks to one. Tests put a
 * stand-in here (no MongoDB server can run on the machines the suite runs on); everything
 * around it — names, passwords, rows, environments — runs as in production.
 */
export type MongoServer = {
  /** Creates the user, or resets its password, with readWrite on its own database and nothing else. */
  ensureUser(input: { database: string; username: string; password: string }): Promise<void>;
  /** Drops the user and its database; either may already be gone. */
  dropUserAndDatabase(input: { database: string; username: string }): Promise<void>;
  close(): Promise<void>;
};

export type MongoServerConnector = (adminUrl: string) => Promise<MongoServer>;

/** The operator's server for apps' MongoDB databases; null when there is none. */
export function mongodbAdminUrl(): string | null {
  return process.env.THIRTY_MONGODB_ADMIN_URL || null;
}

/** Where tenants reach the server: the admin URL's first host (27017 when it names no port). */
export function mongodbTenantEndpoint(adminUrl: string): { host: string; port: number } {
  const afterScheme = adminUrl.replace(/^mongodb(\+srv)?:\/\//, "");
  const authority = afterScheme.split(/[/?]/)[0] ?? "";
  const hosts = authority.slice(authority.lastIndexOf("@") + 1);
  const first = hosts.split(",")[0] ?? "";
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(first);
  const [host, port] = bracketed ? [bracketed[1] ?? "", bracketed[2]] : first.split(":");
  if (!host) throw new Error("THIRTY_MONGODB_ADMIN_URL names no host.");
  return { host, port: Number(port) || 27017 };
}

/** MongoDB's codes for "already exists" and "not found" on users. */
const USER_EXISTS = 51003;
const USER_NOT_FOUND = 11;

async function driverServer(adminUrl: string): Promise<MongoServer> {
  // Loaded only when a MongoDB server is used: the driver costs a process about 20 MB, and
  // most platforms have no MongoDB server at all.
  const { MongoClient, MongoServerError } = await import("mongodb");
  const client = new MongoClient(adminUrl, { serverSelectionTimeoutMS: 10_000, connectTimeoutMS: 10_000 });
  await client.connect();
  return {
    async ensureUser({ database, username, password }) {
      const db = client.db(database);
      const roles = [{ role: "readWrite", db: database }];
      try {
        await db.command({ createUser: username, pwd: password, roles });
      } catch (error) {
        // A half-done earlier attempt: the user gets this password and only these roles.
        if (!(error instanceof MongoServerError && error.code === USER_EXISTS)) throw error;
        await db.command({ updateUser: username, pwd: password, roles });
      }
    },
    async dropUserAndDatabase({ database, username }) {
      const db = client.db(database);
      await db.command({ dropUser: username }).catch((error: unknown) => {
        if (!(error instanceof MongoServerError && error.code === USER_NOT_FOUND)) throw error;
      });
      await db.dropDatabase();
    },
    close: () => client.close(),
  };
}

let connector: MongoServerConnector = driverServer;

/** Connects to the operator's server through the official driver (or the tests' stand-in). */
export function connectMongoServer(adminUrl: string): Promise<MongoServer> {
  return connector(adminUrl);
}

/** For tests only: the stand-in for a MongoDB server; returns the connector it replaced. */
export function replaceMongoServerConnector(next: MongoServerConnector): MongoServerConnector {
  const previous = connector;
  connector = next;
  return previous;
}
