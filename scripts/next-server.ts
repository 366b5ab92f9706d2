import http from "node:http";
import type nextServer from "next";
import { allowServerOnlyImports } from "../server/platform/allow-server-only";
import { exitWithParent } from "../server/platform/parent-watch";
import { projectRoot } from "../server/platform/project-root";

/**
 * The Next.js server the launcher runs (instead of `next start`): Next.js behind a small
 * node:http front (server/edge/edge-gate.ts) that sees the socket, so the client address
 * comes from the connection rather than from headers a client can forge, oversized bodies
 * are refused before they are read, and the server ends with its launcher.
 *
 *   node dist/launcher/next-server.mjs --port 3000 --host 0.0.0.0   (compiled by npm run setup)
 *   node --import tsx scripts/next-server.ts --port 3000 --host 0.0.0.0 --dev
 */

const ROOT = projectRoot(import.meta.url);

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const port = Number(option("--port") ?? process.env.PORT ?? 3000);
  const hostname = option("--host") ?? "0.0.0.0";
  allowServerOnlyImports();
  // Route handlers run in this process: they may believe the address header, since the
  // gate below replaces whatever a client sent under its name.
  const { CLIENT_ADDRESS_STAMPED_ENV } = await import("../server/edge/client-address");
  process.env[CLIENT_ADDRESS_STAMPED_ENV] = "1";
  const { edgeGate } = await import("../server/edge/edge-gate");
  // next is CommonJS: loaded as ESM its function is the default export.
  const { default: createNext } = (await import("next")) as unknown as { default: typeof nextServer };

  const server = http.createServer();
  const app = createNext({ dev, dir: ROOT, hostname, port, httpServer: server });
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`next-server: ${why}; stopping.`);
    server.close();
    server.closeIdleConnections();
    // Open event streams never end by themselves; their browsers reconnect elsewhere.
    setTimeout(() => process.exit(0), 5_000).unref();
    void app.close().finally(() => {
      server.closeAllConnections();
      process.exit(0);
    });
  };
  exitWithParent((why) => stop(why));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  await app.prepare();
  const handle = app.getRequestHandler();
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      console.error("next-server: request failed", error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end("Internal Server Error\n");
    });
  };
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!edgeGate(req, res)) serve(req, res);
  });
  // A client that asks before sending (Expect: 100-continue) hears "too large" instead of
  // being invited to upload.
  server.on("checkContinue", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (edgeGate(req, res)) return;
    res.writeContinue();
    serve(req, res);
  });
  server.listen(port, hostname, () => console.log(`next-server: listening on ${hostname}:${port}`));
}

main().catch((error: unknown) => {
  console.error("next-server could not start:", error);
  process.exit(1);
});
