/**
 * Request latencies as a histogram with a fixed, bounded set of buckets, so a minute with a
 * million requests costs as much memory as one with ten, and minutes (or several routers'
 * counts of one minute) merge by adding counts: a p95 over an hour is computed from the hour's
 * requests, not averaged from sixty p95s.
 *
 * Bucket 0 holds [0, 1) ms (nginx reports whole milliseconds, and fast local answers are 0);
 * bucket i ≥ 1 holds [2^((i-1)/8), 2^(i/8)) ms, about 9 % wide, up to the last bucket, which
 * holds everything slower than ~17 minutes.
 */

const PER_DOUBLING = 8;
/** 2^(160/8) ms is about 17 minutes: slower than any request nginx lets through. */
export const LATENCY_BUCKETS = 161;

/** Sparse counts: bucket index → requests. At most LATENCY_BUCKETS keys. */
export type LatencyCounts = Record<string, number>;

export type LatencyHistogram = {
  counts: LatencyCounts;
  /** Requests counted. */
  total: number;
  sumMs: number;
  /** Fastest and slowest request seen; estimates never leave this range. */
  minMs: number;
  maxMs: number;
};

export function emptyHistogram(): LatencyHistogram {
  return { counts: {}, total: 0, sumMs: 0, minMs: Number.POSITIVE_INFINITY, maxMs: 0 };
}

export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  const index = Math.floor(Math.log2(ms) * PER_DOUBLING) + 1;
  return Math.min(index, LATENCY_BUCKETS - 1);
}

/** The value a bucket stands for: the geometric middle of its bounds (0.5 ms for bucket 0). */
function representative(bucket: number): number {
  if (bucket === 0) return 0.5;
  return 2 ** ((bucket - 0.5) / PER_DOUBLING);
}

export function observe(histogram: LatencyHistogram, ms: number): void {
  const value = Number.isFinite(ms) && ms > 0 ? ms : 0;
  const key = String(bucketOf(value));
  histogram.counts[key] = (histogram.counts[key] ?? 0) + 1;
  histogram.total += 1;
  histogram.sumMs += value;
  if (value < histogram.minMs) histogram.minMs = value;
  if (value > histogram.maxMs) histogram.maxMs = value;
}

/** Adds `from` into `into`. */
export function mergeInto(into: LatencyHistogram, from: LatencyHistogram): void {
  for (const [key, count] of Object.entries(from.counts)) {
    into.counts[key] = (into.counts[key] ?? 0) + count;
  }
  into.total += from.total;
  into.sumMs += from.sumMs;
  if (from.total > 0) {
    into.minMs = Math.min(into.minMs, from.minMs);
    into.maxMs = Math.max(into.maxMs, from.maxMs);
  }
}

/**
 * The q-quantile (0 < q ≤ 1) by nearest rank: the smallest latency at least q of the requests
 * did not exceed, to within a bucket's width. Null when there were no requests.
 */
export function quantile(histogram: LatencyHistogram, q: number): number | null {
  if (histogram.total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * histogram.total));
  const buckets = Object.keys(histogram.counts)
    .map(Number)
    .sort((a, b) => a - b);
  let seen = 0;
  for (const bucket of buckets) {
    seen += histogram.counts[String(bucket)] ?? 0;
    if (seen >= rank) {
      const estimate = representative(bucket);
      return Math.min(histogram.maxMs, Math.max(histogram.minMs, estimate));
    }
  }
  return histogram.maxMs;
}

/**
 * Counts read back from storage: anything that is not a bucket index with a whole positive
 * count is ignored, so a damaged row cannot grow the histogram past its bounds.
 */
export function countsFromJson(value: unknown): LatencyCounts {
  const counts: LatencyCounts = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) return counts;
  for (const [key, count] of Object.entries(value as Record<string, unknown>)) {
    const bucket = Number(key);
    if (!Number.isInteger(bucket) || bucket < 0 || bucket >= LATENCY_BUCKETS) continue;
    if (typeof count !== "number" || !Number.isInteger(count) || count <= 0) continue;
    counts[String(bucket)] = count;
  }
  return counts;
}
