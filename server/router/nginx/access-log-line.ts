import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { AccessLogEntry } from "../access-log";

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

/** A token for this start of the router: lines without it are not nginx's. */
export function newAccessLogToken(): string {
  return randomBytes(24).toString("hex");
}

/** One line of nginx's access log as an access entry; null when it is not one of ours. */
export function parseAccessLine(text: string, token: string): AccessLogEntry | null {
  const match = FIELDS.exec(text.replace(/\r?\n$/, ""));
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
