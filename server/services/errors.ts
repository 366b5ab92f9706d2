/**
 * The one error type services throw. Transports (tRPC, REST) map `code` to their own
 * statuses in one table each; `message` is written for the user.
 */
export type AppErrorCode =
  | "BAD_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "QUOTA_REACHED"
  | "SIGNUP_CLOSED"
  | "UNAVAILABLE"
  | "RATE_LIMITED";

export type FieldIssue = { path: string; message: string };

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: AppErrorCode, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.issues = issues;
  }
}

/** Too many attempts (sign-ins, resets): the transport tells the client when to retry. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, message = "Too many attempts; try again later.") {
    super("RATE_LIMITED", message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function notFound(resource: string): AppError {
  return new AppError("NOT_FOUND", `${resource} not found.`);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Prisma's unique-constraint violation, recognised without importing Prisma here. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
