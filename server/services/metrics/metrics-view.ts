import type { StatusClass } from "@/server/metrics/request-minutes";

export type LatencyView = { p50: number | null; p95: number | null; p99: number | null };

/** Requests answered in one step starting at `time`. */
export type RequestPointView = {
  time: Date;
  requests: number;
  status: Record<StatusClass, number>;
  latencyMs: LatencyView;
};

/** One instance's usage over one step; null where nothing was read. */
export type InstancePointView = {
  instance: string;
  time: Date;
  cpuPercent: number | null;
  memoryBytes: number | null;
};

export type MetricsView = {
  since: Date;
  until: Date;
  step: number;
  points: RequestPointView[];
  instances: InstancePointView[];
  /** The whole period at once: latencies are of all its requests, not averages of steps. */
  summary: { requests: number; status: Record<StatusClass, number>; latencyMs: LatencyView };
};
