import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

type Credentials = { name: string; username: string; password: string; host: string; port: number };

async function credentialsOf(appName: string): Promise<Credentials> {
  const row = await getDb().databaseService.findFirstOrThrow({
    where: { label: "postgres", app: { name: appName } },
  });
  return {
    name: row.name,
    username: row.username,
    password: decryptSecret(row.passwordEncrypted),
    host: row.host ?? "",
    port: row.port ?? 0,
  };
}

/** Connects as the app's role; resolves to the error message, or "ok" after running `sql`. */
async function connectAs(
  who: Credentials,
  where: { database: string; host?: string; port?: number },
  sql = "SELECT 1",
): Promise<string> {
  const client = new pg.Client({
    host: where.host ?? who.host,
    port: where.port ?? who.port,
    user: who.username,
    password: who.password,
    database: where.database,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    await client.query(sql);
    return "ok";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function adminQuery(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: process.env.THIRTY_PG_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe("[DATABASES] postgres services are real databases", () => {
  it("provisions a database per app that only the app's own role can reach, and drops it with the service or app", async () => {
    const first = trpcAs(await createTestAccount("dbone"));
    const second = trpcAs(await createTestAccount("dbtwo"));
    const one = uniqueName("shop");
    const two = uniqueName("blog");
    const created = await first.apps.create({ name: one, database: true });
    await second.apps.create({ name: two });
    const service = await second.services.create({ app: two, service: { label: "postgres" } });

    expect(created.postgres).toMatchObject({ host: "127.0.0.1", password: "****" });
    expect(created.postgres?.port).toMatch(/^\d+$/);
    expect(service).toMatchObject({ label: "postgres", database: { host: "127.0.0.1", password: "****" } });
    const a = await credentialsOf(one);
    const b = await credentialsOf(two);
    expect(JSON.stringify(created)).not.toContain(a.password);
    expect(a.username).not.toContain(one);
    expect(a.password.length).toBeGreaterThanOrEqual(32);

    // Each role works in its own database, owning what it creates there.
    expect(
      await connectAs(a, { database: a.name }, "CREATE TABLE t (id int); INSERT INTO t VALUES (1)"),
    ).toBe("ok");
    expect(await connectAs(b, { database: b.name }, "CREATE TABLE t (id int)")).toBe("ok");
    // …and nowhere else: not the other app's, not the server's own, not the control plane's.
    expect(await connectAs(b, { database: a.name })).toMatch(/permission denied for database/);
    expect(await connectAs(a, { database: b.name })).toMatch(/permission denied for database/);
    expect(await connectAs(b, { database: "postgres" })).toMatch(/permission denied for database/);
    expect(await connectAs(b, { database: "template1" })).toMatch(/permission denied for database/);
    const control = new URL(process.env.DATABASE_URL ?? "");
    expect(
      await connectAs(b, {
        database: control.pathname.slice(1),
        host: control.hostname,
        port: Number(control.port),
      }),
    ).toMatch(/password authentication failed/);
    expect(await connectAs(b, { database: b.name }, "CREATE DATABASE sneaky")).toMatch(/permission denied/);
    expect(await connectAs(b, { database: b.name }, "CREATE ROLE sneaky")).toMatch(/permission denied/);

    const [role] = await adminQuery(
      "SELECT rolsuper, rolcreatedb, rolcreaterole, rolconnlimit FROM pg_roles WHERE rolname = $1",
      [a.username],
    );
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolconnlimit: 20 });
    const [owner] = await adminQuery(
      "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1",
      [a.name],
    );
    expect(owner?.owner).toBe(a.username);

    // The card's details and the explicit reveal, for the app's own account only.
    const details = await first.services.databaseDetails({ app: one });
    expect(details).toMatchObject({ status: "available", backups: [] });
    expect(details.sizeBytes).toBeGreaterThan(1_000_000);
    expect(details.maskedUrl).toBe(`postgresql://${a.username}:****@127.0.0.1:${a.port}/${a.name}`);
    const revealed = await first.services.revealDatabase({ app: one });
    expect(revealed.password).toBe(a.password);
    expect(revealed.psql).toBe(
      `psql 'postgresql://${a.username}:${a.password}@127.0.0.1:${a.port}/${a.name}'`,
    );
    await expect(second.services.revealDatabase({ app: one })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Deleting the service drops the database and the role; so does deleting the app.
    await second.services.delete({ app: two, label: "postgres" });
    await first.apps.delete({ name: one });
    for (const gone of [a, b]) {
      expect(await adminQuery("SELECT 1 FROM pg_database WHERE datname = $1", [gone.name])).toHaveLength(0);
      expect(await adminQuery("SELECT 1 FROM pg_roles WHERE rolname = $1", [gone.username])).toHaveLength(0);
    }
  });
});
