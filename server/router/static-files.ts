import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".webp": "image/webp",
};

/**
 * The file under `rootDir` that `urlPath` names, or null. Decoding happens first, then the
 * path is resolved and its real location (symlinks followed) must stay inside the root.
 */
export async function resolveStaticFile(rootDir: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split("?")[0] ?? "/");
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const root = await realpath(rootDir).catch(() => null);
  if (!root) return null;
  let candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  let info = await stat(candidate).catch(() => null);
  if (info?.isDirectory()) {
    candidate = path.join(candidate, "index.html");
    info = await stat(candidate).catch(() => null);
  }
  if (!info?.isFile()) return null;
  const real = await realpath(candidate).catch(() => null);
  if (!real || (real !== root && !real.startsWith(`${root}${path.sep}`))) return null;
  return real;
}

/** Sends a file with type, length and Last-Modified; returns the bytes sent, or null if absent. */
export async function sendStaticFile(
  request: IncomingMessage,
  response: ServerResponse,
  rootDir: string,
  urlPath: string,
): Promise<number | null> {
  const file = await resolveStaticFile(rootDir, urlPath);
  if (!file) return null;
  const info = await stat(file);
  const modified = info.mtime.toUTCString();
  if (request.headers["if-modified-since"] === modified) {
    response.writeHead(304);
    response.end();
    return 0;
  }
  response.writeHead(200, {
    "Content-Type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": info.size,
    "Last-Modified": modified,
  });
  if (request.method === "HEAD") {
    response.end();
    return 0;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on("error", () => {
      response.destroy();
      resolve();
    });
    stream.on("end", () => resolve());
    stream.pipe(response);
  });
  return info.size;
}
