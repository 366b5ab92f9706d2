import { describe, expect, it } from "vitest";
import { BodyTooLargeError, declaresTooLargeBody, readLimitedBody } from "./body-limit";

function streamOf(chunks: number, size: number, pulled: { count: number }): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      if (pulled.count >= chunks) return controller.close();
      pulled.count += 1;
      controller.enqueue(new Uint8Array(size));
    },
  });
}

describe("body limit", () => {
  it("refuses a declared Content-Length over the limit or unreadable", () => {
    expect(declaresTooLargeBody(new Headers({ "content-length": "1048577" }))).toBe(true);
    expect(declaresTooLargeBody(new Headers({ "content-length": "abc" }))).toBe(true);
    expect(declaresTooLargeBody(new Headers({ "content-length": "1048576" }))).toBe(false);
    expect(declaresTooLargeBody(new Headers())).toBe(false);
  });

  it("stops reading a chunked body as soon as it passes the limit", async () => {
    const pulled = { count: 0 };
    // 300 chunks of 64 KiB (~19 MB): reading must stop after ~17 of them.
    const request = new Request("http://x/", {
      method: "POST",
      body: streamOf(300, 64 * 1024, pulled),
      duplex: "half",
    } as RequestInit);
    await expect(readLimitedBody(request)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled.count).toBeLessThan(20);
  });

  it("returns a body under the limit whole", async () => {
    const request = new Request("http://x/", { method: "POST", body: "x".repeat(1000) });
    expect((await readLimitedBody(request)).byteLength).toBe(1000);
  });
});
