import { describe, expect, it } from "vitest";
import { parseTrustedProxies, resolveClientAddress } from "./client-address";

describe("resolveClientAddress", () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies("10.0.0.0/8, 192.0.2.10, 2001:db8::/32");

  it("takes the socket's address and ignores X-Forwarded-For from an untrusted peer", () => {
    expect(resolveClientAddress({ peer: "198.51.100.7", forwardedFor: "1.2.3.4", trusted: none })).toBe(
      "198.51.100.7",
    );
    expect(resolveClientAddress({ peer: "::ffff:198.51.100.7", forwardedFor: null, trusted: proxies })).toBe(
      "198.51.100.7",
    );
  });

  it("walks the chain from the right behind trusted proxies", () => {
    expect(
      resolveClientAddress({
        peer: "10.1.2.3",
        forwardedFor: "6.6.6.6, 203.0.113.5, 192.0.2.10",
        trusted: proxies,
      }),
    ).toBe("203.0.113.5");
    expect(resolveClientAddress({ peer: "2001:db8::1", forwardedFor: "203.0.113.9", trusted: proxies })).toBe(
      "203.0.113.9",
    );
  });

  it("stops at garbage in the chain", () => {
    expect(
      resolveClientAddress({ peer: "10.1.2.3", forwardedFor: "1.1.1.1, nonsense", trusted: proxies }),
    ).toBe("10.1.2.3");
  });

  it("refuses a bad THIRTY_TRUSTED_PROXIES entry", () => {
    expect(() => parseTrustedProxies("10.0.0.0/99")).toThrow(/prefix/);
    expect(() => parseTrustedProxies("proxy.example.org")).toThrow(/not an IP/);
  });
});
