import "server-only";
import { getDb } from "@/server/db/client";
import {
  countsFromJson,
  emptyHistogram,
  mergeInto,
  quantile,
  type LatencyHistogram,
} from "@/server/metrics/latency-histogram";
import { metricsSettings } from "@/server/metrics/metrics-settings";
import type { StatusClass } from "@/server/metrics/request-minutes";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { AppError } from "@/server/services/errors";
import { spendAccountLimit, type AccountLimit } from "@/server/services/rate-limits/account-limits";
import type { InstancePointView, LatencyView, MetricsView, RequestPointView } from "./metrics-view";
import {
  MAX_POINTS,
  METRICS_PERIODS,
  ZMetricsQuery,
  type TMetricsPeriod,
  type TMetricsQuery,
} from "./schemas";

/**
 * Reads of an app's metrics per account and minute. Each read scans up to a week of minute rows,
 * so it is the most expensive read a tenant can repeat at will; the dashboard asks every 5 s per
 * open Metrics tab (12 a minute), which leaves room for several tabs, people and scripts.
 */
export const METRICS_READS_PER_MINUTE = 120;
const METRICS_READS: AccountLimit = {
  name: "metrics-read",
  limit: METRICS_READS_PER_MINUTE,
  windowMs: 60_000,
  refusal: (seconds) =>
    `This account read metrics ${METRICS_READS_PER_MINUTE} times in the last minute: try again in ${seconds} s.`,
};

type RequestStep = { requests: number; status: Record<StatusClass, number>; latency: LatencyHistogram };

const noStatus = (): Record<StatusClass, number> => ({ "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 });

function latencyOf(histogram: LatencyHistogram): LatencyView {
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    p50: round(quantile(histogram, 0.5)),
    p95: round(quantile(histogram, 0.95)),
    p99: round(quantile(histogram, 0.99)),
  };
}

/**
 * The app's request metrics (every step from `since` to now, steps without requests as zeros)
 * and its instances' CPU and memory (the steps they were read in), from the minutes every
 * platform process wrote: the minute in progress is there too, as of its last flush. Only the
 * caller's own apps: another account's app is "not found".
 */
export async function getAppMetrics(
  caller: Caller,
  appName: string,
  query: TMetricsQuery,
  now: Date = new Date(),
): Promise<MetricsView> {
  // Before anything else: a malformed or unknown request still costs a look-up.
  await spendAccountLimit(caller, METRICS_READS);
  const parsed = ZMetricsQuery.safeParse(query);
  if (!parsed.success)
    throw new AppError("BAD_INPUT", parsed.error.issues[0]?.message ?? "Malformed input data.");
  const stepMs = parsed.data.step * 1000;
  const requested = parsed.data.since ? new Date(parsed.data.since) : new Date(now.getTime() - 3600_000);
  // Nothing older than the retention exists: asking for it must not cost a long empty answer.
  const kept = now.getTime() - metricsSettings().keepDays * 86_400_000;
  const since = new Date(Math.max(requested.getTime(), kept));
  const first = Math.floor(since.getTime() / stepMs) * stepMs;
  const count = first > now.getTime() ? 0 : Math.floor((now.getTime() - first) / stepMs) + 1;
  if (count > MAX_POINTS)
    throw new AppError(
      "BAD_INPUT",
      `That asks for ${count} points; at most ${MAX_POINTS} are answered. Use a longer step or a later since.`,
    );

  const db = getDb();
  const app = await findAppRow(db, caller, appName);
  const range = { gte: new Date(first), lte: now };
  const [requestRows, instanceRows] = await Promise.all([
    db.appMetricMinute.findMany({ where: { appId: app.id, minute: range } }),
    db.instanceMetricMinute.findMany({ where: { appId: app.id, minute: range } }),
  ]);

  const steps: RequestStep[] = Array.from({ length: count }, () => ({
    requests: 0,
    status: noStatus(),
    latency: emptyHistogram(),
  }));
  const total: RequestStep = { requests: 0, status: noStatus(), latency: emptyHistogram() };
  for (const row of requestRows) {
    const step = steps[Math.floor((row.minute.getTime() - first) / stepMs)];
    if (!step) continue;
    const histogram: LatencyHistogram = {
      counts: countsFromJson(row.latency),
      total: row.requests,
      sumMs: row.latencySumMs,
      minMs: row.latencyMinMs,
      maxMs: row.latencyMaxMs,
    };
    for (const into of [step, total]) {
      into.requests += row.requests;
      into.status["2xx"] += row.status2xx;
      into.status["3xx"] += row.status3xx;
      into.status["4xx"] += row.status4xx;
      into.status["5xx"] += row.status5xx;
      mergeInto(into.latency, histogram);
    }
  }

  const usage = new Map<string, { cpu: number; wall: number; memory: number; samples: number }>();
  for (const row of instanceRows) {
    const index = Math.floor((row.minute.getTime() - first) / stepMs);
    if (index < 0 || index >= count) continue;
    const key = `${index} ${row.instance}`;
    const into = usage.get(key) ?? { cpu: 0, wall: 0, memory: 0, samples: 0 };
    into.cpu += row.cpuSeconds;
    into.wall += row.wallSeconds;
    into.memory += Number(row.memorySumBytes);
    into.samples += row.samples;
    usage.set(key, into);
  }
  const instances: InstancePointView[] = [...usage.entries()]
    .map(([key, value]) => {
      const [index = "0", ...name] = key.split(" ");
      return {
        instance: name.join(" "),
        time: new Date(first + Number(index) * stepMs),
        cpuPercent: value.wall > 0 ? Math.round((value.cpu / value.wall) * 1000) / 10 : null,
        memoryBytes: value.samples > 0 ? Math.round(value.memory / value.samples) : null,
      };
    })
    .sort((a, b) => a.time.getTime() - b.time.getTime() || a.instance.localeCompare(b.instance));

  const points: RequestPointView[] = steps.map((step, index) => ({
    time: new Date(first + index * stepMs),
    requests: step.requests,
    status: step.status,
    latencyMs: latencyOf(step.latency),
  }));
  return {
    since: new Date(first),
    until: now,
    step: parsed.data.step,
    points,
    instances,
    summary: { requests: total.requests, status: total.status, latencyMs: latencyOf(total.latency) },
  };
}

/** The dashboard's view: the last hour, six hours, day or week, with a step that fits it. */
export function getAppMetricsForPeriod(
  caller: Caller,
  appName: string,
  period: TMetricsPeriod,
  now: Date = new Date(),
): Promise<MetricsView> {
  const { minutes, step } = METRICS_PERIODS[period];
  const since = new Date(now.getTime() - minutes * 60_000).toISOString();
  return getAppMetrics(caller, appName, { since, step }, now);
}
