import { getDb } from "@/server/db/client";
import { STAGE_TITLES } from "@/server/pipeline/stage-titles";
import type { Caller } from "@/server/services/caller";
import { findAppRow } from "@/server/services/apps/find-app";

export type LastDeployView = {
  actionId: string;
  kind: string;
  status: "queued" | "running" | "finished" | "error";
  /** The stage that failed, as the logbook names it (null unless status is error). */
  failedStage: string | null;
  /** The first error line the app's own output printed during the failed stage, if any. */
  firstError: string | null;
  createdAt: Date;
};

// Lines that read as an error in a build or a Python traceback.
const ERROR_LINE = /\b(error|exception|traceback|failed|not found|no such|cannot|could not)\b/i;

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
    const lines = await db.logbookMessage.findMany({
      where: { actionId: action.id, ...(staged?.step ? { step: staged.step } : {}) },
      orderBy: { id: "asc" },
      select: { message: true, level: true },
      take: 2000,
    });
    const candidates = lines.flatMap((l) => l.message.split("\n")).filter((l) => !l.startsWith("==> "));
    firstError =
      candidates
        .find((l) => ERROR_LINE.test(l))
        ?.trim()
        .slice(0, 300) ?? null;
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
