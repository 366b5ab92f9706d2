import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { closeInterruptedUsage } from "@/server/services/billing/close-interrupted-usage";
import { uniqueName } from "../support/test-accounts";

const db = getDb();

async function instanceWithUsage(appId: string, accountId: string, id: string, runtimeId: string | null) {
  const startedAt = new Date(Date.now() - 60 * 60_000);
  await db.instance.create({
    data: { id, appId, releaseId: "r1", kind: "app", number: 1, state: "running", runtimeId },
  });
  return db.usageRecord.create({
    data: {
      accountId,
      appId,
      appName: "web",
      instanceId: id,
      kind: "app",
      memoryMb: 256,
      paid: false,
      startedAt,
    },
  });
}

describe("[BILLING] usage of a crashed runtime's instances", () => {
  it("closes what that runtime ran and did not take over; keeps taken-over and other runtimes' usage open", async () => {
    const account = await db.account.create({
      data: { name: uniqueName("use"), planUpgradeKey: uniqueName("k") },
    });
    const app = await db.app.create({ data: { accountId: account.id, name: "web", region: "local1" } });
    const mine = uniqueName("rt");
    const other = uniqueName("rt");
    const lost = await instanceWithUsage(app.id, account.id, `${app.id}~lost`, mine);
    const kept = await instanceWithUsage(app.id, account.id, `${app.id}~kept`, mine);
    const elsewhere = await instanceWithUsage(app.id, account.id, `${app.id}~elsewhere`, other);
    // An instance whose row is already gone: interrupted, whoever ran it.
    const rowless = await db.usageRecord.create({
      data: {
        accountId: account.id,
        appId: app.id,
        appName: "web",
        instanceId: `${app.id}~rowless`,
        kind: "app",
        memoryMb: 256,
        paid: false,
        startedAt: new Date(Date.now() - 60_000),
      },
    });

    await closeInterruptedUsage(db, { runtimeId: mine, keep: [kept.instanceId] });
    const read = async (id: string) => (await db.usageRecord.findUniqueOrThrow({ where: { id } })).stoppedAt;
    const row = await db.instance.findUniqueOrThrow({ where: { id: lost.instanceId } });
    expect(await read(lost.id)).toEqual(row.updatedAt);
    expect(await read(kept.id)).toBeNull();
    expect(await read(elsewhere.id)).toBeNull();
    expect(await read(rowless.id)).toEqual(rowless.startedAt);
    await db.account.delete({ where: { id: account.id } });
  });
});
