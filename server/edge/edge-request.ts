import "server-only";
import { MAX_BODY_BYTES, readLimitedBody } from "./body-limit";
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_STAMPED_ENV } from "./client-address";

/**
 * The request as handlers that read bodies themselves (tRPC, better-auth) should see it:
 * its body read under the limit (BodyTooLargeError past it, at most `limit` bytes ever
 * held), and the client-address header dropped unless this process's server stamped it,
 * so a client cannot choose the address its sign-in attempts are counted against.
 */
export async function edgeRequest(request: Request, limit = MAX_BODY_BYTES): Promise<Request> {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const body = hasBody ? await readLimitedBody(request, limit) : null;
  const headers = new Headers(request.headers);
  if (process.env[CLIENT_ADDRESS_STAMPED_ENV] !== "1") headers.delete(CLIENT_ADDRESS_HEADER);
  if (body) {
    // The body is now exactly known; a chunked transfer has become a plain one.
    headers.delete("transfer-encoding");
    headers.set("content-length", String(body.byteLength));
  }
  return new Request(request.url, {
    method: request.method,
    headers,
    body: body && body.byteLength > 0 ? body : null,
    signal: request.signal,
  });
}
