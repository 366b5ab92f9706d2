import type { PrismaClient } from "@/server/db/client";
import type { InstanceMinute } from "./instance-minutes";
import type { RequestMinute } from "./request-minutes";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Writes request minutes in one statement (whole columns through unnest), each row replacing
 * what this source wrote for that app and minute before. Apps deleted meanwhile are skipped.
 */
export async function writeRequestMinutes(
  db: PrismaClient,
  source: string,
  rows: RequestMinute[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "AppMetricMinute" ("appId", minute, source, requests, "status2xx", "status3xx",
      "status4xx", "status5xx", latency, "latencySumMs", "latencyMinMs", "latencyMaxMs", "updatedAt")
    SELECT v.app, (v.minute::timestamptz AT TIME ZONE 'UTC'), ${source}, v.requests, v.s2, v.s3, v.s4,
      v.s5, v.latency::jsonb, v.sum, v.min, v.max, now() AT TIME ZONE 'UTC'
    FROM unnest(
      ${rows.map((r) => r.appId)}::text[], ${rows.map((r) => iso(r.minute))}::text[],
      ${rows.map((r) => r.requests)}::int[], ${rows.map((r) => r.status["2xx"])}::int[],
      ${rows.map((r) => r.status["3xx"])}::int[], ${rows.map((r) => r.status["4xx"])}::int[],
      ${rows.map((r) => r.status["5xx"])}::int[], ${rows.map((r) => JSON.stringify(r.latency.counts))}::text[],
      ${rows.map((r) => r.latency.sumMs)}::float8[],
      ${rows.map((r) => (Number.isFinite(r.latency.minMs) ? r.latency.minMs : 0))}::float8[],
      ${rows.map((r) => r.latency.maxMs)}::float8[]
    ) AS v(app, minute, requests, s2, s3, s4, s5, latency, sum, min, max)
    WHERE EXISTS (SELECT 1 FROM "App" a WHERE a.id = v.app)
    ON CONFLICT ("appId", minute, source) DO UPDATE SET
      requests = EXCLUDED.requests, "status2xx" = EXCLUDED."status2xx",
      "status3xx" = EXCLUDED."status3xx", "status4xx" = EXCLUDED."status4xx",
      "status5xx" = EXCLUDED."status5xx", latency = EXCLUDED.latency,
      "latencySumMs" = EXCLUDED."latencySumMs", "latencyMinMs" = EXCLUDED."latencyMinMs",
      "latencyMaxMs" = EXCLUDED."latencyMaxMs", "updatedAt" = EXCLUDED."updatedAt"`;
}

/** Same for instance minutes. */
export async function writeInstanceMinutes(
  db: PrismaClient,
  source: string,
  rows: InstanceMinute[],
): Promise<void> {
  if (rows.length === 0) return;
  const bytes = (value: number) => String(Math.round(value));
  await db.$executeRaw`
    INSERT INTO "InstanceMetricMinute" ("appId", minute, instance, source, "cpuSeconds", "wallSeconds",
      "memorySumBytes", "memoryMaxBytes", samples, "updatedAt")
    SELECT v.app, (v.minute::timestamptz AT TIME ZONE 'UTC'), v.instance, ${source}, v.cpu, v.wall,
      v.mem_sum, v.mem_max, v.samples, now() AT TIME ZONE 'UTC'
    FROM unnest(
      ${rows.map((r) => r.appId)}::text[], ${rows.map((r) => iso(r.minute))}::text[],
      ${rows.map((r) => r.instance)}::text[], ${rows.map((r) => r.cpuSeconds)}::float8[],
      ${rows.map((r) => r.wallSeconds)}::float8[], ${rows.map((r) => bytes(r.memorySumBytes))}::bigint[],
      ${rows.map((r) => bytes(r.memoryMaxBytes))}::bigint[], ${rows.map((r) => r.samples)}::int[]
    ) AS v(app, minute, instance, cpu, wall, mem_sum, mem_max, samples)
    WHERE EXISTS (SELECT 1 FROM "App" a WHERE a.id = v.app)
    ON CONFLICT ("appId", minute, instance, source) DO UPDATE SET
      "cpuSeconds" = EXCLUDED."cpuSeconds", "wallSeconds" = EXCLUDED."wallSeconds",
      "memorySumBytes" = EXCLUDED."memorySumBytes", "memoryMaxBytes" = EXCLUDED."memoryMaxBytes",
      samples = EXCLUDED.samples, "updatedAt" = EXCLUDED."updatedAt"`;
}

/** Removes every app's metrics older than `before`. */
export async function pruneMetrics(db: PrismaClient, before: Date): Promise<number> {
  const [requests, instances] = await Promise.all([
    db.appMetricMinute.deleteMany({ where: { minute: { lt: before } } }),
    db.instanceMetricMinute.deleteMany({ where: { minute: { lt: before } } }),
  ]);
  return requests.count + instances.count;
}
