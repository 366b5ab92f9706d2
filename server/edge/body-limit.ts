import "server-only";

/**
 * Every request body the platform accepts is small JSON (REST, tRPC, sign-in forms): 1 MB
 * is far above any legitimate one. Sign-up is open, so the limit is enforced before a body
 * is buffered: a declared Content-Length is refused up front, and a chunked body is counted
 * while it is read and abandoned as soon as it passes the limit.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export const BODY_TOO_LARGE = "Request body too large (at most 1 MB).";

export class BodyTooLargeError extends Error {
  constructor() {
    super(BODY_TOO_LARGE);
    this.name = "BodyTooLargeError";
  }
}

/** True when the request declares a body over the limit (or a Content-Length we cannot read). */
export function declaresTooLargeBody(headers: Headers, limit = MAX_BODY_BYTES): boolean {
  const declared = headers.get("content-length");
  if (declared === null) return false;
  const length = Number(declared);
  return !Number.isSafeInteger(length) || length < 0 || length > limit;
}

/**
 * Reads the whole body, at most `limit` bytes. Past the limit the stream is cancelled (the
 * rest is never read into memory) and BodyTooLargeError is thrown.
 */
export async function readLimitedBody(
  request: Request,
  limit = MAX_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer>> {
  if (declaresTooLargeBody(request.headers, limit)) throw new BodyTooLargeError();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function readLimitedText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder().decode(await readLimitedBody(request, limit));
}

export function tooLargeResponse(): Response {
  return new Response(JSON.stringify({ code: 413, error: BODY_TOO_LARGE }), {
    status: 413,
    // The rest of an oversized upload is not worth reading: ask the client to go away.
    headers: { "Content-Type": "application/json", Connection: "close" },
  });
}
