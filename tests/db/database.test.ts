import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/server/db/client";

describe("test database", () => {
  afterAll(async () => {
    await disconnectDb();
  });

  it("is migrated and keeps what is written", async () => {
    const name = `harness${randomBytes(5).toString("hex")}`;
    const created = await getDb().account.create({ data: { name, planUpgradeKey: `key-${name}` } });
    const found = await getDb().account.findUnique({ where: { name } });
    expect(found).toMatchObject({ id: created.id, name, plan: "FREE", isActive: true });
  });

  it("runs against the throw-away server, never a configured one", () => {
    expect(process.env.DATABASE_URL).toMatch(/^postgresql:\/\/postgres:.+@127\.0\.0\.1:\d+\/thirtyloops$/);
  });
});
