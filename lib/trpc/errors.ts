import { TRPCClientError } from "@trpc/client";

export type FieldIssue = { path: string; message: string };

/** The user-facing message of a failed call. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong. Try again.";
}

/** Field-level messages the server attached (zod at the edge, or a service rule). */
export function fieldIssues(error: unknown): FieldIssue[] {
  if (error instanceof TRPCClientError) {
    const issues = (error.data as { issues?: FieldIssue[] } | undefined)?.issues;
    return Array.isArray(issues) ? issues : [];
  }
  return [];
}
