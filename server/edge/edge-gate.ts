import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { BODY_TOO_LARGE, MAX_BODY_BYTES } from "./body-limit";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress, trustedProxies } from "./client-address";
import { isUploadPath, maxUploadBytes, uploadTooLargeMessage } from "./upload-limit";

const FORWARDED_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "forwarded",
];

function isPeerTrusted(peer: string | undefined): boolean {
  if (!peer) return false;
  const address = peer.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return trustedProxies().check(address, address.includes(":") ? "ipv6" : "ipv4");
}

function refuse(res: ServerResponse, status: number, message: string, json: boolean): void {
  const body = json ? JSON.stringify({ code: status, error: message }) : `${message}\n`;
  res.writeHead(status, {
    "Content-Type": json ? "application/json" : "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    // Whatever the client still sends is not read: the connection ends with this answer.
    Connection: "close",
  });
  res.end(body);
}

/**
 * What the platform's HTTP server does with a request before Next.js sees it. Returns true
 * when it answered itself.
 * - The client address is taken from the socket (and from X-Forwarded-For only behind a
 *   trusted proxy) and written into CLIENT_ADDRESS_HEADER, replacing any client value.
 *   Forwarded headers from untrusted peers are dropped, so Next.js and the handlers see
 *   the socket's own address, host and protocol.
 * - A declared body over 1 MB is refused with 413 before a byte of it is read (a dump upload's
 *   over its own cap, THIRTY_MAX_UPLOAD_MB).
 * - A path with bad percent-encoding is a 400 (JSON on the API), not an error deep inside.
 */
export function edgeGate(req: IncomingMessage, res: ServerResponse): boolean {
  const peer = req.socket.remoteAddress;
  const trusted = isPeerTrusted(peer);
  const forwardedFor = req.headers["x-forwarded-for"];
  const address = resolveClientAddress({
    peer,
    forwardedFor: Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor,
    trusted: trustedProxies(),
  });
  if (!trusted) for (const name of FORWARDED_HEADERS) delete req.headers[name];
  if (address) {
    req.headers[CLIENT_ADDRESS_HEADER] = address;
    req.headers["x-forwarded-for"] = address;
  } else {
    delete req.headers[CLIENT_ADDRESS_HEADER];
  }

  const url = req.url ?? "/";
  const api = url.startsWith("/0.9/") || url.startsWith("/api/");
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    const upload = isUploadPath(url);
    const length = Number(declared);
    if (
      !Number.isSafeInteger(length) ||
      length < 0 ||
      length > (upload ? maxUploadBytes() : MAX_BODY_BYTES)
    ) {
      refuse(res, 413, upload ? uploadTooLargeMessage() : BODY_TOO_LARGE, true);
      return true;
    }
  }
  try {
    decodeURIComponent(url.split("?")[0] ?? "");
  } catch {
    refuse(res, 400, api ? "Malformed input data." : "Bad Request", api);
    return true;
  }
  return false;
}
