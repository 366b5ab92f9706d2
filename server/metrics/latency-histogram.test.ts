import { describe, expect, it } from "vitest";
import {
  bucketOf,
  countsFromJson,
  emptyHistogram,
  LATENCY_BUCKETS,
  mergeInto,
  observe,
  quantile,
} from "./latency-histogram";

function histogramOf(values: number[]) {
  const histogram = emptyHistogram();
  for (const value of values) observe(histogram, value);
  return histogram;
}

describe("latency histogram", () => {
  it("estimates percentiles by nearest rank to within a bucket's width", () => {
    const histogram = histogramOf(Array.from({ length: 1000 }, (_, i) => i + 1));
    for (const [q, exact] of [
      [0.5, 500],
      [0.95, 950],
      [0.99, 990],
    ] as const) {
      const estimate = quantile(histogram, q) ?? 0;
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.05);
    }
    expect(histogram.total).toBe(1000);
    expect(histogram.sumMs).toBe(500_500);
  });

  it("never answers outside the fastest and slowest request", () => {
    expect(quantile(histogramOf([0, 0, 0]), 0.5)).toBe(0);
    expect(quantile(histogramOf([7]), 0.99)).toBe(7);
    expect(quantile(histogramOf([3, 3, 3, 3]), 0.5)).toBe(3);
    expect(quantile(emptyHistogram(), 0.5)).toBeNull();
  });

  it("puts a slow tail where p99 sees it and p50 does not", () => {
    const values = [...Array.from({ length: 98 }, () => 2), 1500, 1500];
    const histogram = histogramOf(values);
    expect(quantile(histogram, 0.5)).toBeLessThan(3);
    expect(quantile(histogram, 0.99)).toBeGreaterThan(1400);
  });

  it("merges minutes into the histogram of all their requests", () => {
    const a = [1, 5, 9, 200, 40];
    const b = [3, 3, 800, 12];
    const merged = histogramOf(a);
    mergeInto(merged, histogramOf(b));
    const all = histogramOf([...a, ...b]);
    expect(merged).toEqual(all);
    expect(quantile(merged, 0.95)).toBe(quantile(all, 0.95));
  });

  it("stays bounded whatever it is fed", () => {
    const histogram = emptyHistogram();
    for (let i = 0; i < 100_000; i++) observe(histogram, Math.random() * 10 ** (Math.random() * 9));
    observe(histogram, Number.POSITIVE_INFINITY);
    observe(histogram, Number.NaN);
    observe(histogram, -5);
    expect(Object.keys(histogram.counts).length).toBeLessThanOrEqual(LATENCY_BUCKETS);
    expect(bucketOf(1e12)).toBe(LATENCY_BUCKETS - 1);
    expect(histogram.total).toBe(100_003);
  });

  it("reads back only well-formed buckets from storage", () => {
    expect(countsFromJson({ "0": 2, "17": 5, "999": 1, x: 3, "4": -1, "5": 1.5, "6": "7" })).toEqual({
      "0": 2,
      "17": 5,
    });
    expect(countsFromJson(null)).toEqual({});
    expect(countsFromJson([1, 2])).toEqual({});
  });
});
