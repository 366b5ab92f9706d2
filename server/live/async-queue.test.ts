import { describe, expect, it } from "vitest";
import { BoundedQueue } from "./async-queue";

describe("BoundedQueue", () => {
  it("counts what does not fit the limit as one skipped entry, in bytes as sizeOf says", async () => {
    const queue = new BoundedQueue<string>(10, (value) => value.length);
    for (const value of ["aaaa", "bbbb", "cc", "dddd", "e", "ffff"]) queue.push(value);
    expect(await queue.take(undefined)).toEqual([
      { kind: "item", value: "aaaa" },
      { kind: "item", value: "bbbb" },
      { kind: "item", value: "cc" },
      // "e" would fit, but once skipping the gap stays one entry: order is never broken.
      { kind: "skipped", count: 3, first: "dddd", last: "ffff" },
    ]);
  });

  it("is empty again after a take, with its whole limit free", async () => {
    const queue = new BoundedQueue<string>(4, (value) => value.length);
    queue.push("abcd");
    queue.push("x");
    await queue.take(undefined);
    queue.push("wxyz");
    expect(await queue.take(undefined)).toEqual([{ kind: "item", value: "wxyz" }]);
  });
});
