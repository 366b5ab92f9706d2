import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/format/bytes";

describe("formatBytes", () => {
  it("reads like the sizes people know", () => {
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(2048)).toBe("2 kB");
    expect(formatBytes(1_048_000)).toBe("1023 kB");
    expect(formatBytes(1024 * 1024 - 1)).toBe("1 MB");
    expect(formatBytes(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(formatBytes(512 * 1024 * 1024)).toBe("512 MB");
    expect(formatBytes(123.4 * 1024 * 1024)).toBe("123 MB");
    expect(formatBytes(1024 * 1024 * 1024 - 1)).toBe("1 GB");
    expect(formatBytes(2.1 * 1024 * 1024 * 1024)).toBe("2.1 GB");
  });
});
