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
  /**
   * From here on the action changes what runs and can no longer be cancelled. Throws if a
   * cancel came first (or the action was stopped): call it where the caller still cleans up
   * what it started. Stages that change what runs (the switch…) pass it themselves.
   */
  pointOfNoReturn: () => Promise<void>;
};
