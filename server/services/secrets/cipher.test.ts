import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./cipher";

describe("secret cipher", () => {
  it("round-trips and never stores the plain text", () => {
    const sealed = encryptSecret("https://bob:hunter2@example.org/r.git");
    expect(sealed).not.toContain("hunter2");
    expect(decryptSecret(sealed)).toBe("https://bob:hunter2@example.org/r.git");
  });
  it("uses a fresh nonce each time", () => {
    expect(encryptSecret("same")).not.toBe(encryptSecret("same"));
  });
  it("rejects tampered cipher text", () => {
    const sealed = encryptSecret("value");
    const parts = sealed.split(":");
    const tampered = [parts[0], parts[1], parts[2], Buffer.from("other").toString("base64")].join(":");
    expect(() => decryptSecret(tampered)).toThrow();
  });
});
