/** What the platform streams to browsers and the CLI. Ids are strings (bigints on the wire). */
export type LiveLogLine = {
  id: string;
  appId: string;
  instanceId: string | null;
  program: string;
  severity: string;
  message: string;
  timestamp: string;
};

export type LiveLogbookMessage = {
  id: string;
  actionId: string;
  asctime: string;
  loglevel: number;
  message: string;
  step: string | null;
};

export type LiveEvent =
  | { kind: "log"; lines: LiveLogLine[] }
  | { kind: "logbook"; actionId: string; messages: LiveLogbookMessage[] }
  | { kind: "action-status"; actionId: string; appId: string; status: string }
  | { kind: "instances"; appId: string }
  /**
   * Never sent between processes: the bus tells its own subscribers that it lost its
   * connection and has it back, so events published meanwhile may be missing — readers
   * catch up from storage after the last id they saw.
   */
  | { kind: "resync" };

/**
 * Fan-out between platform processes: the process running instances publishes, the web
 * processes holding browser streams subscribe. Implemented over PostgreSQL LISTEN/NOTIFY;
 * an in-process bus would only work while everything runs in one process.
 */
export interface LiveBus {
  publish(event: LiveEvent): void;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

/** A stored logbook message as streams carry it. */
export function toLiveLogbookMessage(row: {
  id: bigint;
  actionId: string;
  asctime: Date;
  level: number;
  message: string;
  step: string | null;
}): LiveLogbookMessage {
  return {
    id: row.id.toString(),
    actionId: row.actionId,
    asctime: row.asctime.toISOString(),
    loglevel: row.level,
    message: row.message,
    step: row.step,
  };
}

/** Fixed cost of a line in memory besides its text: the object, its ids and its timestamp. */
export const LINE_OVERHEAD_BYTES = 200;

/**
 * About what a line costs in a process's memory. Bounds are kept in bytes, not lines: a printer
 * of 10 kB lines must not get 50 times the memory of one printing 200-byte lines.
 */
export function liveLineBytes(line: LiveLogLine): number {
  // Strings outside Latin-1 take two bytes a character: count the worst case.
  return LINE_OVERHEAD_BYTES + 2 * (line.message.length + line.program.length);
}
