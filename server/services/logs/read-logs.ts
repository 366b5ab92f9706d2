import { z } from "zod";
import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { AppError } from "@/server/services/errors";
import { findAppRow } from "@/server/services/apps/find-app";

export type LogMessageView = {
  id: string;
  message: string;
  program: string;
  severity: string;
  instance: string | null;
  timestamp: Date;
};

export const DEFAULT_LOG_PROCESSES = ["nginx", "gunicorn"];

const ZLogQuery = z.object({
  limit: z.coerce
    .number({ error: "limit must be a number." })
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(10_000, "limit can be at most 10000.")
    .default(10),
  processes: z
    .array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "Process names are letters, digits, '.', '_' and '-'."))
    .max(50)
    .default(DEFAULT_LOG_PROCESSES),
  /** Lines older than this id (paging back). */
  beforeId: z.string().regex(/^\d+$/).optional(),
  instanceId: z.string().max(200).optional(),
  severity: z.string().max(20).optional(),
  text: z.string().max(200).optional(),
});
export type TLogQuery = z.input<typeof ZLogQuery>;

/** The newest `limit` lines of the app's chosen programs, oldest first (how a log reads). */
export async function readLogs(caller: Caller, appName: string, query: TLogQuery): Promise<LogMessageView[]> {
  const parsed = ZLogQuery.safeParse(query);
  if (!parsed.success)
    throw new AppError("BAD_INPUT", parsed.error.issues[0]?.message ?? "Malformed input data.");
  const db = getDb();
  const app = await findAppRow(db, caller, appName);
  const { limit, processes, beforeId, instanceId, severity, text } = parsed.data;
  const rows = await db.logLine.findMany({
    where: {
      appId: app.id,
      program: { in: processes },
      ...(beforeId ? { id: { lt: BigInt(beforeId) } } : {}),
      ...(instanceId ? { instanceId } : {}),
      ...(severity ? { severity } : {}),
      ...(text ? { message: { contains: text, mode: "insensitive" as const } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.reverse().map((row) => ({
    id: row.id.toString(),
    message: row.message,
    program: row.program,
    severity: row.severity,
    instance: row.instanceId,
    timestamp: row.timestamp,
  }));
}

/** Which programs have logged for the app (for the dashboard's filter). */
export async function logPrograms(caller: Caller, appName: string): Promise<string[]> {
  const db = getDb();
  const app = await findAppRow(db, caller, appName);
  const rows = await db.logLine.findMany({
    where: { appId: app.id },
    distinct: ["program"],
    select: { program: true },
  });
  return rows.map((r) => r.program).sort();
}
