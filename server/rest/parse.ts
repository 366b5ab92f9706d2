import "server-only";
import type { z } from "zod";
import { BodyTooLargeError, readLimitedText } from "@/server/edge/body-limit";
import { MALFORMED, RestError } from "./http";

/** Reads a JSON object body; anything else is the documented 400. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(await readLimitedText(request));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    throw new RestError(400, MALFORMED);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new RestError(400, MALFORMED);
  return body as Record<string, unknown>;
}

/**
 * Parses with the service's own schema. Wrong types are `Malformed input data.`; a value
 * of the right type that breaks a rule (a bad name) gets the rule's own message.
 */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const typeProblem = result.error.issues.some(
    (i) => i.code === "invalid_type" || i.code === "invalid_union" || i.code === "unrecognized_keys",
  );
  if (!issue || typeProblem) throw new RestError(400, MALFORMED);
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new RestError(400, `${where}${issue.message}`);
}
