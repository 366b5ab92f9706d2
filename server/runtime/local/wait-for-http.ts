import http from "node:http";

function askOnce(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: "/", headers: { Host: host }, timeout: timeoutMs },
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
  port: number;
  host: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline && !options.signal?.aborted) {
    if (await askOnce(options.port, options.host, 2000)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
