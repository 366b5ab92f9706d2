import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { isAppError, type AppErrorCode } from "@/server/services/errors";

const TRPC_CODES: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_INPUT: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  QUOTA_REACHED: "FORBIDDEN",
  SIGNUP_CLOSED: "FORBIDDEN",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
};

/** Services throw AppError; the dashboard sees the same message with a tRPC code. */
export function toTRPCError(error: unknown): unknown {
  if (!isAppError(error)) return error;
  return new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
}
