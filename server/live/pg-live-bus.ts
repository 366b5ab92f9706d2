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

/** Published events waiting for PostgreSQL, at most (beyond, the oldest are dropped: storage has them). */
const MAX_OUTBOX = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ends a client without waiting on it for long: pg's end() waits for the socket's "end" event,
 * which a connection that failed or broke may already have sent — awaiting it could hang the
 * reconnect loop forever.
 */
function closeQuietly(client: pg.Client | undefined): Promise<unknown> {
  if (!client) return Promise.resolve();
  return Promise.race([client.end().catch(() => undefined), sleep(1000)]);
}

/**
 * LISTEN/NOTIFY over two connections: one listens (opened on first subscribe), one publishes.
 * Publishing never waits for anything but PostgreSQL accepting the NOTIFY, and events keep
 * their order because one connection sends them one after another.
 *
 * Both connections heal themselves: when PostgreSQL restarts (or a connection drops), the
 * publisher reconnects and sends what it had not sent yet, in order; the listener reconnects
 * with backoff, LISTENs again and tells its subscribers with a "resync" event, since events
 * published meanwhile never reached it — readers then catch up from storage by id.
 */
export class PgLiveBus implements LiveBus {
  private sender: pg.Client | undefined;
  private senderReady: Promise<pg.Client> | undefined;
  private readonly outbox: string[] = [];
  private sending: Promise<void> | undefined;
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;
  private readonly listeners = new Set<(event: LiveEvent) => void>();

  constructor(private readonly connectionString: string) {}

  /** A connection attempt PostgreSQL never answers (mid-restart) fails and is tried again. */
  private clientConfig(): pg.ClientConfig {
    return { connectionString: this.connectionString, connectionTimeoutMillis: 5000, keepAlive: true };
  }

  /** Connected on first publish: a web process only listens, and an idle connection costs memory. */
  private publisher(): Promise<pg.Client> {
    this.senderReady ??= (async () => {
      const sender = new pg.Client(this.clientConfig());
      // A dropped connection is noticed here and replaced on the next send.
      const forget = () => {
        if (this.sender === sender) {
          this.sender = undefined;
          this.senderReady = undefined;
        }
      };
      sender.on("error", forget);
      sender.on("end", forget);
      try {
        await sender.connect();
      } catch (error) {
        forget();
        this.senderReady = undefined;
        throw error;
      }
      this.sender = sender;
      return sender;
    })();
    return this.senderReady;
  }

  publish(event: LiveEvent): void {
    if (this.closed) return;
    this.outbox.push(...splitEvent(event));
    if (this.outbox.length > MAX_OUTBOX) this.outbox.splice(0, this.outbox.length - MAX_OUTBOX);
    this.sending ??= this.drain().finally(() => (this.sending = undefined));
  }

  /** Sends the outbox in order; an event is taken off only once PostgreSQL accepted it. */
  private async drain(): Promise<void> {
    let wait = 100;
    let reported = false;
    while (this.outbox.length > 0 && !this.closed) {
      try {
        const sender = await this.publisher();
        await sender.query("SELECT pg_notify($1, $2)", [CHANNEL, this.outbox[0]]);
        this.outbox.shift();
        wait = 100;
        reported = false;
      } catch (error) {
        if (!reported) console.error("Publishing a live event failed; retrying:", String(error));
        reported = true;
        // The client is broken or PostgreSQL is away: a fresh connection after a pause.
        const broken = this.sender;
        this.sender = undefined;
        this.senderReady = undefined;
        await closeQuietly(broken);
        await sleep(wait);
        wait = Math.min(wait * 2, 2000);
      }
    }
  }

  /** Resolves once every event published so far has reached PostgreSQL. */
  async flush(): Promise<void> {
    while (this.sending) await this.sending;
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    void this.listen();
    return () => this.listeners.delete(listener);
  }

  private deliver(event: LiveEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Resolves when this bus is listening (subscribers see every event published after). The
   * first connection is tried until it works; a lost one is replaced for as long as the bus lives.
   */
  listen(): Promise<void> {
    this.listening ??= this.connectListener(false);
    return this.listening;
  }

  private async connectListener(again: boolean): Promise<void> {
    for (let wait = 100; !this.closed; wait = Math.min(wait * 2, 5000)) {
      const client = new pg.Client(this.clientConfig());
      let connected = false;
      let lost = false;
      // Subscribers hear "resync" before any event of the new connection, so they know where
      // what they missed ends. (A notification can come before the LISTEN query resolves.)
      let resyncPending = again;
      const resyncOnce = () => {
        if (!resyncPending) return;
        resyncPending = false;
        this.deliver({ kind: "resync" });
      };
      const onLost = (error?: Error) => {
        if (lost) return;
        lost = true;
        if (this.listener === client) this.listener = undefined;
        if (this.closed) return;
        console.error(
          `Live bus listener lost its connection${error ? ` (${error.message})` : ""}; reconnecting.`,
        );
        void closeQuietly(client);
        void this.connectListener(true);
      };
      // Errors before the connection is up reject connect() below; after, they mean it is lost.
      client.on("error", (error) => (connected ? onLost(error) : undefined));
      client.on("end", () => (connected ? onLost() : undefined));
      client.on("notification", (message) => {
        if (message.channel !== CHANNEL || !message.payload) return;
        let event: LiveEvent;
        try {
          event = JSON.parse(message.payload) as LiveEvent;
        } catch {
          return;
        }
        resyncOnce();
        this.deliver(event);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
      } catch {
        await closeQuietly(client);
        await sleep(wait);
        continue;
      }
      if (this.closed) {
        await closeQuietly(client);
        return;
      }
      connected = true;
      this.listener = client;
      // Whatever was published while no connection listened is only in storage now.
      resyncOnce();
      return;
    }
  }

  async close(): Promise<void> {
    await Promise.race([this.flush(), sleep(5000)]);
    this.closed = true;
    await closeQuietly(this.listener);
    await closeQuietly(this.sender);
  }
}
