import { getDb } from "@/server/db/client";
import { STAGE_TITLES } from "@/server/pipeline/stage-titles";
import type { Caller } from "@/server/services/caller";
import { findAppRow } from "@/server/services/apps/find-app";
import { firstAppError } from "./first-app-error";

export type LastDeployView = {
  actionId: string;
  kind: string;
  status: "queued" | "running" | "finished" | "error";
  /** The stage that failed, as the logbook names it (null unless status is error). */
  failedStage: string | null;
  /** Why it failed in one line: the app's own error first (see first-app-error.ts). */
  firstError: string | null;
  createdAt: Date;
};

/**
 * The newest deploy or rollback of an app (what the page header reports), with, for a failed
 * one, the stage that failed and the first line that says why.
 */
export async function getLastDeploy(caller: Caller, appName: string): Promise<LastDeployView | null> {
  const db = getDb();
  const app = await findAppRow(db, caller, appName);
  const action = await db.action.findFirst({
    where: { appId: app.id, target: "app", kind: { in: ["deploy", "rollback"] } },
    orderBy: { createdAt: "desc" },
  });
  if (!action) return null;
  let failedStage: string | null = null;
  let firstError: string | null = null;
  if (action.status === "error") {
    // The runner clears the step before its closing "X failed: …" line, so the failed stage is
    // the step of the last message written inside a stage.
    const staged = await db.logbookMessage.findFirst({
      where: { actionId: action.id, step: { not: null } },
      orderBy: { id: "desc" },
      select: { step: true },
    });
    failedStage = staged?.step ? (STAGE_TITLES[staged.step] ?? staged.step) : null;
    // The whole logbook: the app's output sits in the stage's lines and in the closing
    // "<Stage> failed: …" message the runner writes after leaving the stage.
    const messages = await db.logbookMessage.findMany({
      where: { actionId: action.id },
      orderBy: { id: "asc" },
      select: { message: true },
      take: 2000,
    });
    firstError = firstAppError(messages.map((m) => m.message));
  }
  return {
    actionId: action.id,
    kind: action.kind,
    status: action.status,
    failedStage,
    firstError,
    createdAt: action.createdAt,
  };
}
