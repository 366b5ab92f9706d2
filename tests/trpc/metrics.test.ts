import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { MetricsRecorder } from "@/server/metrics/metrics-recorder";
import { createTestAccount, trpcAs } from "../support/test-accounts";

async function appId(accountId: string, name: string): Promise<string> {
  return (await getDb().app.findUniqueOrThrow({ where: { accountId_name: { accountId, name } } })).id;
}

/** A recorder as a runtime holds one; its instance readings are none (no instances here). */
function recorder() {
  return new MetricsRecorder(getDb(), { readUsage: () => [] });
}

describe("[METRICS] tRPC metrics.get", () => {
  it("answers an account's own app only, adding up what every platform process wrote", async () => {
    const alice = await createTestAccount("alice");
    const mallory = await createTestAccount("mallory");
    await trpcAs(alice).apps.create({ name: "web" });
    await trpcAs(mallory).apps.create({ name: "web" });
    await trpcAs(alice).apps.create({ name: "gone" });
    const aliceWeb = await appId(alice.accountId, "web");
    const gone = await appId(alice.accountId, "gone");

    const first = recorder();
    for (const seconds of [0.004, 0.004, 0.006]) first.recordRequest(aliceWeb, 200, seconds);
    first.recordRequest(aliceWeb, 503, 0.2);
    // An app deleted before its minutes are written costs the other apps nothing.
    first.recordRequest(gone, 200, 0.001);
    await trpcAs(alice).apps.delete({ name: "gone" });
    await first.stop();
    // A second router (or this one after a restart) counts the same minute on its own.
    const second = recorder();
    second.recordRequest(aliceWeb, 404, 0.002);
    await second.stop();

    const mine = await trpcAs(alice).metrics.get({ app: "web", period: "1h" });
    expect(mine.summary.requests).toBe(5);
    expect(mine.summary.status).toEqual({ "2xx": 3, "3xx": 0, "4xx": 1, "5xx": 1 });
    expect(mine.summary.latencyMs.p50).toBeCloseTo(4, 0);
    expect(mine.summary.latencyMs.p99).toBeGreaterThan(180);
    expect(mine.points.reduce((sum, p) => sum + p.requests, 0)).toBe(5);

    const theirs = await trpcAs(mallory).metrics.get({ app: "web" });
    expect(theirs.summary.requests).toBe(0);
    expect(theirs.points.every((p) => p.requests === 0)).toBe(true);
    await expect(trpcAs(mallory).metrics.get({ app: "gone" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(trpcAs(null).metrics.get({ app: "web" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(
      trpcAs(alice).metrics.get({ app: "web", period: "1y" as unknown as "1h" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const week = await trpcAs(alice).metrics.get({ app: "web", period: "7d" });
    expect(week.step).toBe(3600);
    expect(week.summary.requests).toBe(5);
  });
});
