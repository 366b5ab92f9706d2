import { describe, expect, it } from "vitest";
import { LineRing } from "./line-ring";

describe("LineRing", () => {
  it("keeps the newest items that fit its bytes, and counts them", () => {
    const ring = new LineRing<string>(10, (item) => item.length);
    for (const item of ["aaaa", "bbbb", "cccc", "dd"]) ring.push(item);
    expect(ring.lines()).toEqual(["bbbb", "cccc", "dd"]);
    expect(ring.bytes).toBe(10);
  });

  it("keeps an item larger than the limit until the next one comes", () => {
    const ring = new LineRing<string>(3, (item) => item.length);
    ring.push("abcdef");
    expect(ring.lines()).toEqual(["abcdef"]);
    ring.push("x");
    expect(ring.lines()).toEqual(["x"]);
  });

  it("stays correct across compactions", () => {
    const ring = new LineRing<number>(100, () => 1);
    for (let i = 0; i < 5000; i++) ring.push(i);
    expect(ring.lines()).toEqual(Array.from({ length: 100 }, (_, i) => 4900 + i));
    expect(ring.bytes).toBe(100);
  });
});
