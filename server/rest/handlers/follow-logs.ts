import "server-only";
import { getDb } from "@/server/db/client";
import { getLiveHub } from "@/server/live/live-hub";
import { streamLogs } from "@/server/live/stream-logs";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { AppError } from "@/server/services/errors";
import { presentLogMessage } from "../presenters";
import type { RestContext } from "./context";

const encoder = new TextEncoder();

/**
 * GET …/logs?follow=1: the same messages as the Logs API, as a text/event-stream that stays
 * open (for `thirty logs --follow`). Each event carries the line's id, so a client that
 * reconnects with Last-Event-ID continues without gap or repeat.
 */
export async function followLogs(
  ctx: RestContext,
  caller: Caller,
  appName: string,
  options: { processes: string[]; limit: number; lastEventId: string | null },
): Promise<Response> {
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > 10_000)
    throw new AppError("BAD_INPUT", "limit must be a whole number from 1 to 10000.");
  if (options.lastEventId !== null && !/^\d+$/.test(options.lastEventId))
    throw new AppError("BAD_INPUT", "Last-Event-ID must be the id of a log event.");
  const app = await findAppRow(getDb(), caller, appName);
  const abort = new AbortController();
  ctx.request.signal.addEventListener("abort", () => abort.abort(), { once: true });
  const lines = streamLogs({
    db: getDb(),
    hub: getLiveHub(),
    appId: app.id,
    filter: { programs: options.processes },
    lastEventId: options.lastEventId,
    initial: options.limit,
    signal: abort.signal,
  });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) return controller.close();
      const item = next.value;
      const event =
        item.type === "line"
          ? `id: ${item.line.id}\nevent: message\ndata: ${JSON.stringify(
              presentLogMessage({
                ...item.line,
                timestamp: new Date(item.line.timestamp),
                instance: item.line.instanceId,
              }),
            )}\n\n`
          : `id: ${item.toId}\nevent: skipped\ndata: ${JSON.stringify({ count: item.count })}\n\n`;
      controller.enqueue(encoder.encode(event));
    },
    cancel() {
      abort.abort();
      void lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" },
  });
}
