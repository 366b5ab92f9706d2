import type { PrismaClient } from "@/server/db/client";
import { retryWhileUnreachable } from "@/server/db/connection-errors";
import { toLiveLogbookMessage, type LiveBus } from "@/server/live/live-events";
import { redactSecrets } from "@/server/services/secrets/mask";

export const LOG_LEVEL = { debug: 0, info: 1, warning: 2, error: 3, critical: 4, exception: 5 } as const;

type Pending = { actionId: string; level: number; message: string; step: string | null; asctime: Date };

/**
 * Writes an action's logbook. Messages are buffered briefly and inserted in batches, so a
 * chatty pip install costs a few inserts, not thousands; every message passes through the
 * secret filter first, so a password in a repository URL never reaches the logbook.
 */
export class LogbookWriter {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly secrets: string[] = [];
  step: string | null = null;

  constructor(
    private readonly db: PrismaClient,
    private readonly actionId: string,
    private readonly flushMs = 100,
    private readonly bus?: LiveBus,
  ) {}

  /** Values that must never appear in a message (credentials, decrypted secrets). */
  addSecret(value: string | null | undefined): void {
    if (value && value.length >= 3) this.secrets.push(value);
  }

  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  write(level: number, message: string): void {
    this.pending.push({
      actionId: this.actionId,
      level,
      message: this.redact(message),
      step: this.step,
      asctime: new Date(),
    });
    if (this.pending.length >= 200) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  debug = (message: string) => this.write(LOG_LEVEL.debug, message);
  info = (message: string) => this.write(LOG_LEVEL.info, message);
  warning = (message: string) => this.write(LOG_LEVEL.warning, message);
  error = (message: string) => this.write(LOG_LEVEL.error, message);

  /** Writes everything buffered so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.chain = this.chain
        // A PostgreSQL restart delays the messages; it does not lose them.
        .then(() => retryWhileUnreachable(() => this.db.logbookMessage.createManyAndReturn({ data: batch })))
        .then(
          (rows) => {
            this.bus?.publish({
              kind: "logbook",
              actionId: this.actionId,
              messages: rows.map(toLiveLogbookMessage),
            });
          },
          (error: unknown) => console.error("Writing a logbook failed:", error),
        );
    }
    return this.chain;
  }
}
