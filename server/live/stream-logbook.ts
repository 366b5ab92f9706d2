import type { PrismaClient } from "@/server/db/client";
import { BoundedQueue } from "./async-queue";
import { toLiveLogbookMessage, type LiveEvent, type LiveLogbookMessage } from "./live-events";
import type { LiveHub } from "./live-hub";

export type LogbookStreamItem =
  { type: "message"; message: LiveLogbookMessage } | { type: "status"; status: string };

const ENDED = new Set(["finished", "error"]);

function eventBytes(event: LiveEvent): number {
  if (event.kind !== "logbook") return 200;
  return event.messages.reduce((sum, message) => sum + 200 + 2 * message.message.length, 0);
}

async function storedMessages(
  db: PrismaClient,
  actionId: string,
  afterId: bigint | null,
): Promise<LiveLogbookMessage[]> {
  const rows = await db.logbookMessage.findMany({
    where: { actionId, ...(afterId !== null ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
  });
  return rows.map(toLiveLogbookMessage);
}

/**
 * One action's logbook as a stream: stored messages (after `lastEventId` when resuming), the
 * current status, then messages and status changes as they happen; it ends with the action.
 */
export async function* streamLogbook(options: {
  db: PrismaClient;
  hub: LiveHub;
  actionId: string;
  lastEventId: string | null;
  signal?: AbortSignal;
}): AsyncGenerator<LogbookStreamItem> {
  const { db, hub, actionId, signal } = options;
  // Bounded in bytes (about 2 MB): a reader further behind reloads from the database.
  const queue = new BoundedQueue<LiveEvent>(2 * 1024 * 1024, eventBytes);
  const off = hub.on((event) => {
    if (event.kind === "resync") queue.push(event);
    else if ((event.kind === "logbook" || event.kind === "action-status") && event.actionId === actionId)
      queue.push(event);
  });
  try {
    await hub.ready();
    let last = options.lastEventId ? BigInt(options.lastEventId) : null;
    const emit = function* (messages: LiveLogbookMessage[]) {
      for (const message of messages) {
        if (last !== null && BigInt(message.id) <= last) continue;
        last = BigInt(message.id);
        yield { type: "message" as const, message };
      }
    };
    yield* emit(await storedMessages(db, actionId, last));
    const row = await db.action.findUnique({ where: { id: actionId }, select: { status: true } });
    if (!row) return;
    yield { type: "status", status: row.status };
    if (ENDED.has(row.status)) {
      yield* emit(await storedMessages(db, actionId, last));
      return;
    }
    while (!signal?.aborted) {
      for (const entry of await queue.take(signal)) {
        // A reader this far behind reloads what it missed from the database instead.
        if (entry.kind === "skipped") {
          yield* emit(await storedMessages(db, actionId, last));
          continue;
        }
        const event = entry.value;
        // The bus was away: what it missed is in storage (messages are stored before they are
        // published), and the status may have changed meanwhile.
        if (event.kind === "resync") {
          yield* emit(await storedMessages(db, actionId, last));
          const now = await db.action.findUnique({ where: { id: actionId }, select: { status: true } });
          if (!now) return;
          yield { type: "status", status: now.status };
          if (ENDED.has(now.status)) {
            yield* emit(await storedMessages(db, actionId, last));
            return;
          }
          continue;
        }
        if (event.kind === "logbook") yield* emit(event.messages);
        if (event.kind === "action-status") {
          yield { type: "status", status: event.status };
          if (ENDED.has(event.status)) {
            yield* emit(await storedMessages(db, actionId, last));
            return;
          }
        }
      }
    }
  } finally {
    off();
  }
}
