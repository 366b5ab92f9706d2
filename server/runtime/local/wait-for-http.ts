import http from "node:http";

/** Where an instance listens: a loopback port, or a unix socket (sandboxed instances). */
export type HttpTarget = { port: number } | { socketPath: string };

function askOnce(target: HttpTarget, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const where =
      "socketPath" in target ? { socketPath: target.socketPath } : { host: "127.0.0.1", port: target.port };
    const request = http.get(
      { ...where, path: "/", headers: { Host: host }, timeout: timeoutMs, agent: false },
      (response) => {
        response.resume();
        resolve(true);
      },
    );
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

/**
 * Waits until the instance answers HTTP at all (any status: the app is up), asking with the
 * app's own host name, because Django's ALLOWED_HOSTS rejects a bare IP address.
 */
export async function waitForHttp(options: {
  port?: number;
  socketPath?: string;
  host: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<boolean> {
  const target: HttpTarget | null = options.socketPath
    ? { socketPath: options.socketPath }
    : options.port
      ? { port: options.port }
      : null;
  if (!target) return false;
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline && !options.signal?.aborted) {
    if (await askOnce(target, options.host, 2000)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
