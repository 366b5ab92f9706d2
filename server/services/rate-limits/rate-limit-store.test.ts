import { describe, expect, it } from "vitest";
import { MemoryRateLimitStore } from "./rate-limit-store";

describe("MemoryRateLimitStore", () => {
  it("counts within a window and starts over after it", async () => {
    let now = 1_000_000;
    const store = new MemoryRateLimitStore(() => now);
    await store.hit("k", 60_000);
    const second = await store.hit("k", 60_000);
    expect(second.count).toBe(2);
    expect((await store.peek("k", 60_000)).count).toBe(2);
    expect((await store.peek("other", 60_000)).count).toBe(0);
    now += 60_000;
    expect((await store.peek("k", 60_000)).count).toBe(0);
    expect((await store.hit("k", 60_000)).count).toBe(1);
  });
});
