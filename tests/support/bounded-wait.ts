/**
 * Waits that always end: a fault test either passes or fails saying what it waited for, and
 * never hangs until Vitest's own timeout (which names no step).
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks `done` until it holds, for at most `timeoutMs`; `poll` (when given) runs before each
 * check to fetch what it looks at, and may fail now and then. The error says what it waited
 * for, `detail()` and the last failure of `poll`.
 */
export async function waitUntil(
  done: () => boolean,
  what: string,
  options: { timeoutMs?: number; detail?: () => string; poll?: () => Promise<void> } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let failure: unknown;
  for (;;) {
    await options.poll?.().then(
      () => (failure = undefined),
      (error: unknown) => (failure = error),
    );
    if (done()) return;
    if (Date.now() > deadline) {
      const detail = [options.detail?.(), failure ? `last poll failed: ${String(failure)}` : ""];
      const said = detail.filter(Boolean).join("; ");
      throw new Error(`gave up waiting for ${what}${said ? ` (${said})` : ""}`);
    }
    await sleep(options.poll ? 250 : 100);
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
