import "server-only";
import { BodyTooLargeError } from "@/server/edge/body-limit";
import { isAppError, RateLimitedError, type AppError, type AppErrorCode } from "@/server/services/errors";

export class RestError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

export const MALFORMED = "Malformed input data.";
const BACKEND = "We encountered an error on the backend. Sorry for that.";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/** A `Link` header to a related resource (the logbook of an action a change queued). */
export function relatedLink(url: string): Record<string, string> {
  return { Link: `<${url}>; rel="related"` };
}

/** An answer given before the whole request body was read: the rest is not worth receiving. */
export function closing(response: Response): Response {
  response.headers.set("Connection", "close");
  return response;
}

/** The answer to a dump upload: the id a restore then takes, its size and when it expires. */
export function uploadCreated(upload: { id: string; sizeBytes: number; expiresAt: Date }): Response {
  return json({ upload: upload.id, size: upload.sizeBytes, expires: upload.expiresAt.toISOString() }, 201);
}

export function noContent(headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 204, headers });
}

export function created(body: unknown, location: string): Response {
  return json(body, 201, { Location: location });
}

const STATUS: Record<AppErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  QUOTA_REACHED: 403,
  SIGNUP_CLOSED: 403,
  UNAVAILABLE: 503,
  RATE_LIMITED: 429,
};

/** One table from the services' errors to the documented `{code, error}` bodies. */
export function errorResponse(error: unknown): Response {
  if (error instanceof BodyTooLargeError)
    return json({ code: 413, error: error.message }, 413, { Connection: "close" });
  if (error instanceof RestError)
    return json({ code: error.status, error: error.message }, error.status, error.headers);
  if (isAppError(error)) {
    const status = STATUS[error.code];
    const message = error.code === "QUOTA_REACHED" ? "Quota reached." : error.message;
    const headers: Record<string, string> =
      error instanceof RateLimitedError ? { "Retry-After": String(error.retryAfterSeconds) } : {};
    return json({ code: status, error: message }, status, headers);
  }
  console.error("REST request failed:", error);
  return json({ code: 500, error: BACKEND }, 500);
}

export function isConflict(error: unknown): error is AppError {
  return isAppError(error) && error.code === "CONFLICT";
}
