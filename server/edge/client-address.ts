import "server-only";
import { BlockList, isIP } from "node:net";

/**
 * Where a request comes from. The address is the TCP peer's, taken by the platform's own
 * HTTP server (scripts/next-server.ts) from the socket. `X-Forwarded-For` is believed only
 * when that peer is one of THIRTY_TRUSTED_PROXIES (comma-separated IPs and CIDRs; unset:
 * trust none), and then only the part the trusted proxies appended: the chain is walked
 * from the right, trusted hops skipped, and the first untrusted address is the client.
 *
 * The server writes the result into CLIENT_ADDRESS_HEADER, replacing whatever a client
 * sent under that name; everything behind it (REST limits, better-auth's sign-in limit)
 * reads only that header.
 */
export const CLIENT_ADDRESS_HEADER = "x-thirty-client-address";

/**
 * Set in the environment of the process that runs the platform's HTTP server. Without it
 * nobody vouches for CLIENT_ADDRESS_HEADER (e.g. `next start` run by hand), so it is
 * ignored and the address is unknown.
 */
export const CLIENT_ADDRESS_STAMPED_ENV = "THIRTY_CLIENT_ADDRESS_STAMPED";

function normalise(address: string): string {
  const trimmed = address.trim();
  // IPv4 clients of a dual-stack socket appear as ::ffff:1.2.3.4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address);
    if (type === 0) throw new Error(`THIRTY_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR.`);
    const family = type === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, family);
    } else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (type === 4 ? 32 : 128)) {
        throw new Error(`THIRTY_TRUSTED_PROXIES: "${entry}" has a bad prefix length.`);
      }
      list.addSubnet(address, bits, family);
    }
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const type = isIP(address);
  if (type === 0) return false;
  return list.check(address, type === 4 ? "ipv4" : "ipv6");
}

/** The client's address given the socket peer and the X-Forwarded-For header it sent. */
export function resolveClientAddress(options: {
  peer: string | undefined;
  forwardedFor: string | undefined | null;
  trusted: BlockList;
}): string | undefined {
  const peer = options.peer ? normalise(options.peer) : undefined;
  if (!peer || !isTrusted(options.trusted, peer) || !options.forwardedFor) return peer;
  const hops = options.forwardedFor
    .split(",")
    .map(normalise)
    .filter((hop) => hop.length > 0);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? "";
    // Garbage in the chain: stop at the last address a trusted proxy vouched for.
    if (isIP(hop) === 0) break;
    client = hop;
    if (!isTrusted(options.trusted, hop)) break;
  }
  return client;
}

let trustedCache: { value: string | undefined; list: BlockList } | undefined;

export function trustedProxies(): BlockList {
  const value = process.env.THIRTY_TRUSTED_PROXIES;
  if (trustedCache && trustedCache.value === value) return trustedCache.list;
  const list = parseTrustedProxies(value);
  trustedCache = { value, list };
  return list;
}

/** The client address stamped by the platform's server, or undefined when nobody vouches for it. */
export function clientAddress(headers: Headers): string | undefined {
  if (process.env[CLIENT_ADDRESS_STAMPED_ENV] !== "1") return undefined;
  const value = headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  return value && isIP(value) !== 0 ? value : undefined;
}
