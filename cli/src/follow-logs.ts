import type { ApiClient } from "./api-client";
import { ApiError } from "./errors";
import { formatLogMessage, type LogMessage } from "./format";
import { note, printLines, printRaw } from "./output";
import { SseParser } from "./sse-parser";

const RECONNECT_MS = 1000;
const POLL_MS = 2000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

export type FollowLogsOptions = {
  api: ApiClient;
  app: string;
  processes: string[];
  limit: number;
  raw: boolean;
  signal: AbortSignal;
};

function query(options: FollowLogsOptions, follow: boolean): string {
  const params = new URLSearchParams({ limit: String(options.limit), process: options.processes.join(",") });
  if (follow) params.set("follow", "1");
  return `app/${encodeURIComponent(options.app)}/logs?${params.toString()}`;
}

function show(raw: boolean, data: string): void {
  if (raw) return printRaw(data);
  printLines([formatLogMessage(JSON.parse(data) as LogMessage)]);
}

/**
 * `thirty logs --follow`: reads the server's event stream until interrupted. A dropped
 * connection is opened again with Last-Event-ID, so the server resumes after the last line
 * printed, without gap or repeat. A server that answers with plain JSON (no streaming) is
 * polled instead.
 */
export async function followLogs(options: FollowLogsOptions): Promise<void> {
  let lastId: string | undefined;
  while (!options.signal.aborted) {
    let response: Response;
    try {
      response = await options.api.stream(
        query(options, true),
        lastId ? { "Last-Event-ID": lastId } : {},
        options.signal,
      );
    } catch (error) {
      if (options.signal.aborted) return;
      // The API's own refusals (unknown app, bad credentials) will not change by retrying.
      if (error instanceof ApiError) throw error;
      note(`${(error as Error).message}; retrying…`);
      await sleep(RECONNECT_MS, options.signal);
      continue;
    }
    if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      await response.body?.cancel();
      return pollLogs(options);
    }
    const parser = new SseParser();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (const event of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (event.id) lastId = event.id;
          if (event.event === "message") show(options.raw, event.data);
          else if (event.event === "skipped" && !options.raw)
            note(`(${(JSON.parse(event.data) as { count: number }).count} lines skipped: too far behind)`);
        }
      }
    } catch {
      // The connection dropped (or we were interrupted): reconnect below unless stopping.
    }
    if (options.signal.aborted) return;
    await sleep(RECONNECT_MS, options.signal);
  }
}

/** The fallback: the plain Logs API every few seconds, printing lines not seen yet. */
async function pollLogs(options: FollowLogsOptions): Promise<void> {
  const seen = new Set<string>();
  while (!options.signal.aborted) {
    const answer = await options.api.get(query(options, false));
    const messages = (answer.body as { messages: LogMessage[] }).messages;
    for (const m of messages) {
      const key = JSON.stringify(m);
      if (seen.has(key)) continue;
      seen.add(key);
      show(options.raw, key);
    }
    await sleep(POLL_MS, options.signal);
  }
}
