import { describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { createTestAccount, trpcAs, uniqueName } from "@/tests/support/test-accounts";
import { LogSink, severityOf } from "./log-sink";

describe("[LOGS] the process log sink", () => {
  it("reads severity from gunicorn's level or the stream", () => {
    expect(severityOf("stderr", "[2026-11-25 12:00:00 +0000] [1] [INFO] Booting worker")).toBe("Info");
    expect(severityOf("stderr", "[x] [ERROR] Exception in worker")).toBe("Error");
    expect(severityOf("stdout", "plain line")).toBe("Info");
    expect(severityOf("stderr", "Traceback (most recent call last):")).toBe("Error");
  });

  it("stores lines in batches, keeps each app's newest lines, and survives an app deleted meanwhile", async () => {
    const me = await createTestAccount("sink");
    const kept = await trpcAs(me).apps.create({ name: uniqueName("a") });
    const gone = await trpcAs(me).apps.create({ name: uniqueName("b") });
    const sink = new LogSink(getDb(), { keepPerApp: 100 });
    for (let i = 0; i < 1000; i++)
      sink.push({
        appId: kept.id,
        instanceId: null,
        program: "p",
        severity: "Info",
        message: `line ${i}\u0000`,
        timestamp: new Date(),
      });
    await sink.flush();
    const rows = await getDb().logLine.findMany({ where: { appId: kept.id }, orderBy: { id: "asc" } });
    expect(rows.length).toBeLessThanOrEqual(200);
    expect(rows.at(-1)?.message).toBe("line 999");

    await trpcAs(me).apps.delete({ name: gone.name });
    sink.push({
      appId: gone.id,
      instanceId: null,
      program: "p",
      severity: "Info",
      message: "orphan",
      timestamp: new Date(),
    });
    sink.push({
      appId: kept.id,
      instanceId: null,
      program: "p",
      severity: "Info",
      message: "still stored",
      timestamp: new Date(),
    });
    await sink.flush();
    expect(await getDb().logLine.count({ where: { appId: kept.id, message: "still stored" } })).toBe(1);
  });
});
