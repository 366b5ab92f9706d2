import type { IncomingMessage } from "node:http";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** nginx's $time_local, in UTC: `25/Nov/2026:03:01:40 +0000`. */
export function timeLocal(date: Date): string {
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function quoted(value: string | undefined): string {
  return `"${(value ?? "-").replace(/["\\]/g, (c) => `\\${c}`) || "-"}"`;
}

/** One line in nginx's "combined" format. */
export function combinedLogLine(request: IncomingMessage, status: number, bytes: number, at: Date): string {
  const remote = request.socket.remoteAddress ?? "-";
  const line = `${request.method ?? "-"} ${request.url ?? "-"} HTTP/${request.httpVersion}`;
  return `${remote} - - [${timeLocal(at)}] ${quoted(line)} ${status} ${bytes} ${quoted(request.headers.referer)} ${quoted(request.headers["user-agent"])}`;
}
