import "server-only";
import type { PrismaClient } from "@/server/db/client";
import type { LogSink } from "@/server/logs/log-sink";
import { severityOfLevel, textLinesOf } from "@/server/logs/postgres-log/jsonlog-record";
import { startJsonlogTail, type JsonlogTail } from "@/server/logs/postgres-log/jsonlog-tail";
import { PostgresLogOwners } from "./postgres-log-owners";

/**
 * The apps' PostgreSQL log lines, each stored in its app's logs as program `postgres`
 * (PostgresLogOwners says which lines are whose). Runs where the apps' cluster runs: its
 * collector writes `directory`.
 */
export async function startPostgresAppLogs(options: {
  directory: string;
  db: PrismaClient;
  sink: Pick<LogSink, "push">;
  pollMs?: number;
}): Promise<JsonlogTail> {
  const owners = new PostgresLogOwners(options.db);
  return startJsonlogTail({
    directory: options.directory,
    pollMs: options.pollMs,
    onRecords: async (records) => {
      const appIds = await owners.ownersOf(records);
      records.forEach((record, index) => {
        const appId = appIds[index];
        if (!appId) return;
        const severity = severityOfLevel(record.level);
        for (const message of textLinesOf(record))
          options.sink.push({
            appId,
            instanceId: null,
            program: "postgres",
            severity,
            message,
            timestamp: record.timestamp,
          });
      });
    },
  });
}
