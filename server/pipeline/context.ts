import type { PrismaClient } from "@/server/db/client";
import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import type { LogbookWriter } from "./logbook-writer";

export type ActionRecord = {
  id: string;
  appId: string;
  kind: string;
  /** The app's name when the action was asked for (a deleted app's row has another). */
  appName: string;
  target: "app" | "worker";
  options: Record<string, unknown>;
  requestedBy: string;
};

/** What every action handler gets: its record, the logbook, the runtime and a cancel signal. */
export type ActionContext = {
  db: PrismaClient;
  runtime: PlatformRuntime;
  action: ActionRecord;
  logbook: LogbookWriter;
  signal: AbortSignal;
  /** Runs a named stage: logged when it starts and ends, and named if it fails. */
  stage: <T>(name: string, run: () => Promise<T>) => Promise<T>;
};
