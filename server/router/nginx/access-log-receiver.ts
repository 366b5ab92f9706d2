import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import type { AccessLogEntry } from "../access-log";

// nginx's syslog header with `nohostname`: "<190>Nov 25 03:01:40 nginx: ".
const SYSLOG_HEADER = /^<\d{1,3}>[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} nginx: /;
// token, app id ("-" for the default server), status, $request_time, "$upstream_response_time",
// then the combined line.
const FIELDS = /^(\S+) (\S*) (\d{3}) ([\d.]+|-) "([^"]*)" (.+)$/;

function seconds(value: string): number | undefined {
  // Several instances tried, or internal redirects: "0.002, 0.010 : 0.001". Their sum is the
  // time spent waiting for instances.
  const parts = value
    .split(/[,:]/)
    .map((part) => part.trim())
    .filter((part) => /^\d+(\.\d+)?$/.test(part));
  return parts.length ? parts.reduce((sum, part) => sum + Number(part), 0) : undefined;
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** One datagram from nginx as an access entry; null when it is not one of ours. */
export function parseAccessDatagram(datagram: string, token: string): AccessLogEntry | null {
  const body = datagram.replace(SYSLOG_HEADER, "").replace(/\n$/, "");
  const match = FIELDS.exec(body);
  if (!match || !sameToken(match[1] ?? "", token)) return null;
  const [, , app = "", status = "", requestTime = "", upstreamTime = "", line = ""] = match;
  const entry: AccessLogEntry = {
    appId: app === "-" || app === "" ? null : app,
    status: Number(status),
    line,
  };
  const request = seconds(requestTime);
  const upstream = seconds(upstreamTime);
  if (request !== undefined) entry.requestTime = request;
  if (upstream !== undefined) entry.upstreamResponseTime = upstream;
  return entry;
}

export type AccessLogReceiver = { port: number; token: string; close: () => Promise<void> };

/**
 * A UDP syslog receiver on a loopback port for nginx's access lines. Any local process can send
 * datagrams to it, so only lines carrying this start's random token (written into nginx.conf,
 * which tenants cannot read) are kept.
 */
export async function startAccessLogReceiver(
  onEntry: (entry: AccessLogEntry) => void,
): Promise<AccessLogReceiver> {
  const token = randomBytes(24).toString("hex");
  const socket = dgram.createSocket("udp4");
  socket.on("message", (message) => {
    const entry = parseAccessDatagram(message.toString("utf8"), token);
    if (entry) onEntry(entry);
  });
  // Bursts of requests arrive faster than the event loop may read them: a bigger buffer
  // loses fewer lines.
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => {
      socket.off("error", reject);
      resolve();
    });
  });
  try {
    socket.setRecvBufferSize(4 * 1024 * 1024);
  } catch {
    // The kernel's maximum applies; the default size still works.
  }
  socket.on("error", () => undefined);
  return {
    port: (socket.address() as AddressInfo).port,
    token,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
