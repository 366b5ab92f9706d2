import type { ApiClient } from "./api-client";
import { formatLogbookMessage, type LogbookMessage } from "./format";
import { printLines, printRaw } from "./output";
import { Spinner } from "./spinner";

type Logbook = { action?: string; status: string; messages: LogbookMessage[] };

const ENDED = new Set(["finished", "error"]);

function keyOf(m: LogbookMessage): string {
  return `${m.asctime}\u0000${m.loglevel}\u0000${m.message}`;
}

/**
 * Prints the messages of a logbook not printed before. Messages are matched by content
 * and counted, not by position: the list is sorted by time, so one written late by another
 * process can land before messages already shown, and must still be printed exactly once.
 */
export class LogbookPrinter {
  private readonly seen = new Map<string, number>();

  fresh(messages: LogbookMessage[]): LogbookMessage[] {
    const counted = new Map<string, number>();
    const out: LogbookMessage[] = [];
    for (const m of messages) {
      const key = keyOf(m);
      const n = (counted.get(key) ?? 0) + 1;
      counted.set(key, n);
      if (n > (this.seen.get(key) ?? 0)) {
        this.seen.set(key, n);
        out.push(m);
      }
    }
    return out;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls a logbook until its action ends, printing each message once, in order. With `raw`
 * nothing is printed along the way and the final logbook is printed as the server sent it.
 * Exit code: 0 when the action finished, 1 when it ended in error.
 */
export async function followLogbook(options: {
  api: ApiClient;
  id: string;
  raw: boolean;
  intervalMs?: number;
}): Promise<number> {
  const printer = new LogbookPrinter();
  const spinner = new Spinner(!options.raw && process.stdout.isTTY === true);
  for (;;) {
    const answer = await options.api.get(`logbook/${encodeURIComponent(options.id)}`);
    const logbook = answer.body as Logbook;
    const ended = ENDED.has(logbook.status);
    if (options.raw) {
      if (ended) printRaw(answer.text);
    } else {
      const lines = printer.fresh(logbook.messages).map(formatLogbookMessage);
      if (lines.length) spinner.clear();
      printLines(lines);
    }
    if (ended) {
      spinner.clear();
      return logbook.status === "finished" ? 0 : 1;
    }
    spinner.update(`${logbook.action ?? "action"} ${logbook.status}…`);
    await sleep(options.intervalMs ?? 500);
  }
}
