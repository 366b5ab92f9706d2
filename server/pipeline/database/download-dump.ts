import { createWriteStream } from "node:fs";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { pipeline } from "node:stream/promises";
import { StepFailure } from "../step-failure";

/** The largest dump a restore downloads (MB): a micro database is small. */
function maxBytes(): number {
  return (Number(process.env.THIRTY_RESTORE_MAX_MB) || 1024) * 1024 * 1024;
}

/**
 * The platform fetches a URL a tenant gave: it must not become a way into the machine's own
 * services or the private network. Loopback, private and link-local addresses are refused
 * unless the operator allows them (THIRTY_RESTORE_ALLOW_PRIVATE=1; the tests serve dumps
 * from loopback). Checked on the address actually connected to, so DNS cannot swap it after.
 */
function isPrivate(address: string): boolean {
  if (net.isIPv4(address)) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return (
      a === 127 ||
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b < 32) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b < 128)
    );
  }
  const lower = address.toLowerCase();
  if (lower.startsWith("::ffff:")) return isPrivate(lower.slice(7));
  return (
    lower === "::1" ||
    lower === "::" ||
    lower.startsWith("fc") ||
    lower.startsWith("fd") ||
    lower.startsWith("fe80")
  );
}

function guardedLookup(
  hostname: string,
  options: object,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowPrivate = process.env.THIRTY_RESTORE_ALLOW_PRIVATE === "1";
    const refused = addresses.find((a) => isPrivate(a.address));
    if (refused && !allowPrivate) {
      const denied = Object.assign(
        new Error(`${hostname} is a private or loopback address (${refused.address}).`),
        {
          code: "EPRIVATE",
        },
      );
      return callback(denied, []);
    }
    const wantsAll = (options as { all?: boolean }).all;
    if (wantsAll) return callback(null, addresses);
    const first = addresses[0];
    callback(null, first?.address ?? "", first?.family);
  });
}

/** Downloads `location` (http or https, a few redirects) to `file`, within the size limit. */
export async function downloadDump(
  location: string,
  file: string,
  signal: AbortSignal,
  redirects = 3,
): Promise<number> {
  const url = new URL(location);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new StepFailure("The dump's location must be an http or https URL.");
  if (
    net.isIP(url.hostname.replace(/^\[|\]$/g, "")) &&
    isPrivate(url.hostname.replace(/^\[|\]$/g, "")) &&
    process.env.THIRTY_RESTORE_ALLOW_PRIVATE !== "1"
  )
    throw new StepFailure(`Downloading the dump failed: ${url.hostname} is a private or loopback address.`);
  const client = url.protocol === "https:" ? https : http;
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = client.get(url, { lookup: guardedLookup, signal, timeout: 30_000 }, resolve);
    request.on("timeout", () => request.destroy(new Error("no answer within 30 s")));
    request.on("error", reject);
  }).catch((error: unknown) => {
    throw new StepFailure(
      `Downloading the dump failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400 && response.headers.location && redirects > 0) {
    response.resume();
    return downloadDump(new URL(response.headers.location, url).toString(), file, signal, redirects - 1);
  }
  if (status !== 200) {
    response.resume();
    throw new StepFailure(`Downloading the dump failed: the server answered ${status}.`);
  }
  const limit = maxBytes();
  let received = 0;
  response.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) response.destroy(new Error(`the dump is larger than ${limit / 1024 / 1024} MB`));
  });
  await pipeline(response, createWriteStream(file, { mode: 0o600 })).catch((error: unknown) => {
    throw new StepFailure(
      `Downloading the dump failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  return received;
}
