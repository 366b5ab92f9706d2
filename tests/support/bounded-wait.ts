/**
 * Waits that always end: a fault test either passes or fails saying what it waited for, and
 * never hangs until Vitest's own timeout (which names no step).
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` until it holds, for at most `timeoutMs`; the error says what and `detail()`. */
export async function waitUntil(
  done: () => boolean,
  what: string,
  options: { timeoutMs?: number; detail?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!done()) {
    if (Date.now() > deadline) {
      const detail = options.detail?.();
      throw new Error(`gave up waiting for ${what}${detail ? ` (${detail})` : ""}`);
    }
    await sleep(100);
  }
}

/** `promise`, or an error naming `what` once `timeoutMs` has passed without an answer. */
export async function within<T>(promise: Promise<T>, what: string, timeoutMs = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
