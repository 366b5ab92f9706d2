import http from "node:http";

export type RouterAnswer = { status: number; body: string };

/**
 * A GET through the platform's router to the app its Host names, sent from the test's own
 * process (no browser tab held open), e.g. a request that stays in flight across a switch.
 * Resolves when the answer ended; rejects when the connection broke.
 */
export function getThroughRouter(routerPort: number, host: string, urlPath = "/"): Promise<RouterAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port: routerPort, path: urlPath, headers: { Host: host }, agent: false },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}
