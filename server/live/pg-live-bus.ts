import pg from "pg";
import type { LiveBus, LiveEvent } from "./live-events";

const CHANNEL = "thirty_live";
// NOTIFY payloads are limited to 8000 bytes; events are split to stay well under.
const MAX_PAYLOAD = 7000;

/** Splits an event whose JSON is too large for one NOTIFY into several of the same kind. */
export function splitEvent(event: LiveEvent): string[] {
  const whole = JSON.stringify(event);
  if (Buffer.byteLength(whole) <= MAX_PAYLOAD) return [whole];
  if (event.kind === "log" && event.lines.length > 1) {
    const half = Math.ceil(event.lines.length / 2);
    return [
      ...splitEvent({ ...event, lines: event.lines.slice(0, half) }),
      ...splitEvent({ ...event, lines: event.lines.slice(half) }),
    ];
  }
  if (event.kind === "logbook" && event.messages.length > 1) {
    const half = Math.ceil(event.messages.length / 2);
    return [
      ...splitEvent({ ...event, messages: event.messages.slice(0, half) }),
      ...splitEvent({ ...event, messages: event.messages.slice(half) }),
    ];
  }
  // One line longer than a NOTIFY can carry: cut its text (the stored line stays whole).
  if (event.kind === "log" && event.lines[0])
    return [
      JSON.stringify({
        ...event,
        lines: [{ ...event.lines[0], message: `${event.lines[0].message.slice(0, 3000)} …` }],
      }),
    ];
  if (event.kind === "logbook" && event.messages[0])
    return [
      JSON.stringify({
        ...event,
        messages: [{ ...event.messages[0], message: `${event.messages[0].message.slice(0, 3000)} …` }],
      }),
    ];
  return [];
}

/**
 * LISTEN/NOTIFY over two connections: one listens (opened on first subscribe), a small pool
 * publishes. Publishing never waits for anything but PostgreSQL accepting the NOTIFY, and
 * events keep their order because one connection sends them one after another.
 */
export class PgLiveBus implements LiveBus {
  private sender: pg.Client | undefined;
  private sending: Promise<unknown> = Promise.resolve();
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private readonly listeners = new Set<(event: LiveEvent) => void>();

  constructor(private readonly connectionString: string) {}

  /** Connected on first publish: a web process only listens, and an idle connection costs memory. */
  private publisher(): pg.Client {
    if (!this.sender) {
      const sender = new pg.Client({ connectionString: this.connectionString });
      this.sender = sender;
      this.sending = sender.connect().catch((error: unknown) => console.error("Live bus publisher:", error));
    }
    return this.sender;
  }

  publish(event: LiveEvent): void {
    const sender = this.publisher();
    for (const payload of splitEvent(event)) {
      this.sending = this.sending
        .then(() => sender.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]))
        .catch((error: unknown) => console.error("Publishing a live event failed:", error));
    }
  }

  /** Resolves once every event published so far has reached PostgreSQL. */
  async flush(): Promise<void> {
    await this.sending;
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    void this.listen();
    return () => this.listeners.delete(listener);
  }

  /** Resolves when this bus is listening (subscribers see every event published after). */
  listen(): Promise<void> {
    this.listening ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString });
      client.on("notification", (message) => {
        if (message.channel !== CHANNEL || !message.payload) return;
        let event: LiveEvent;
        try {
          event = JSON.parse(message.payload) as LiveEvent;
        } catch {
          return;
        }
        for (const listener of this.listeners) listener(event);
      });
      client.on("error", (error) => console.error("Live bus listener:", error));
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    })();
    return this.listening;
  }

  async close(): Promise<void> {
    await this.sending;
    await this.listener?.end().catch(() => undefined);
    await this.sender?.end().catch(() => undefined);
  }
}
