/**
 * Errors that say PostgreSQL could not be reached or dropped the connection (a restart, a
 * failover), as opposed to errors of the statement itself. Work that must not be lost (log
 * lines, logbook messages, an action's final status) is tried again after these.
 */
const CONNECTION_TEXT =
  /DatabaseNotReachable|ConnectionClosed|Can't reach database|Connection terminated|connection (error|timeout|ended)|not queryable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|terminating connection|the database system is (starting up|shutting down|in recovery)|"code":"(57P0[123]|08\d{3})"/i;

const CONNECTION_CODES = /^(57P0[123]|08\d{3}|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/;

export function isConnectionError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const record = current as { code?: unknown; message?: unknown; meta?: unknown; cause?: unknown };
    if (typeof record.code === "string" && CONNECTION_CODES.test(record.code)) return true;
    if (typeof record.message === "string" && CONNECTION_TEXT.test(record.message)) return true;
    if (record.meta !== undefined && CONNECTION_TEXT.test(JSON.stringify(record.meta))) return true;
    current = record.cause;
  }
  return false;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work`, and again after connection errors (backing off up to 2 s between tries) until it
 * succeeds or `giveUpAfterMs` has passed; other errors are thrown at once.
 */
export async function retryWhileUnreachable<T>(
  work: () => Promise<T>,
  options: { giveUpAfterMs?: number; signal?: AbortSignal } = {},
): Promise<T> {
  const deadline = Date.now() + (options.giveUpAfterMs ?? 120_000);
  for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionError(error) || Date.now() + wait > deadline || options.signal?.aborted) throw error;
      await sleep(wait);
    }
  }
}
