import { z } from "zod";

/** At most this many points per answer: a chart has no use for more, and reads stay cheap. */
export const MAX_POINTS = 2000;

const RFC3339 = /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/;

/**
 * `GET …/metrics?since=<RFC 3339>&step=<seconds>`: since defaults to an hour ago; step is whole
 * minutes (metrics are counted per minute), 60 by default, at most a day.
 */
export const ZMetricsQuery = z.object({
  since: z
    .string()
    .trim()
    // With its offset: a time without one would be read in the server's own time zone.
    .refine((value) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)), {
      message: "since must be an RFC 3339 time, like 2012-02-08T11:15:06Z.",
    })
    .optional(),
  step: z.coerce
    .number({ error: "step must be a number of seconds." })
    .int("step must be a whole number of seconds.")
    .min(60, "step must be at least 60 seconds.")
    .max(86_400, "step can be at most 86400 seconds (a day).")
    .refine((step) => step % 60 === 0, "step must be a multiple of 60 seconds.")
    .default(60),
});
export type TMetricsQuery = z.input<typeof ZMetricsQuery>;

/** The dashboard's periods, each with a step that keeps its chart readable. */
export const METRICS_PERIODS = {
  "1h": { minutes: 60, step: 60 },
  "6h": { minutes: 360, step: 60 },
  "24h": { minutes: 1440, step: 300 },
  "7d": { minutes: 10_080, step: 3600 },
} as const;
export const ZMetricsPeriod = z.enum(["1h", "6h", "24h", "7d"]);
export type TMetricsPeriod = z.infer<typeof ZMetricsPeriod>;
