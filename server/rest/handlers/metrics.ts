import "server-only";
import { getAppMetrics } from "@/server/services/metrics/get-app-metrics";
import type { MetricsView } from "@/server/services/metrics/metrics-view";
import { json } from "../http";
import { rfc3339 } from "../presenters";
import { param, type RestContext } from "./context";

function presentMetrics(view: MetricsView) {
  return {
    points: view.points.map((point) => ({
      time: rfc3339(point.time),
      requests: point.requests,
      status: point.status,
      latency_ms: point.latencyMs,
    })),
    instances: view.instances.map((point) => ({
      instance: point.instance,
      cpu_percent: point.cpuPercent,
      memory_bytes: point.memoryBytes,
      time: rfc3339(point.time),
    })),
  };
}

/** GET /{account}/app/{app}/metrics?since=&step=: requests per step and instances' usage. */
export async function showAppMetrics(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const search = new URL(ctx.request.url).searchParams;
  const view = await getAppMetrics(caller, param(ctx, "app"), {
    since: search.get("since") ?? undefined,
    step: search.get("step") ?? undefined,
  });
  return json(presentMetrics(view));
}
