function positiveFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * THIRTY_METRICS_FLUSH_MS (5 s): how often the minute in progress is written, so readers in
 * other processes see it this late at most. THIRTY_METRICS_SAMPLE_MS (10 s): how often every
 * instance's CPU and memory are read. THIRTY_METRICS_KEEP_DAYS (7): how long minutes are kept.
 */
export function metricsSettings() {
  return {
    flushMs: positiveFromEnv("THIRTY_METRICS_FLUSH_MS", 5000),
    sampleMs: positiveFromEnv("THIRTY_METRICS_SAMPLE_MS", 10_000),
    keepDays: positiveFromEnv("THIRTY_METRICS_KEEP_DAYS", 7),
  };
}
