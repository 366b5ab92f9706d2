import { randomUUID } from "node:crypto";
import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { AppError, notFound } from "@/server/services/errors";
import { findAppRow } from "@/server/services/apps/find-app";
import { assertFreeTierAllows } from "@/server/services/free-tier";
import { claimUpload, releaseUpload } from "@/server/services/databases/uploads/claim-upload";
import { resolveRollbackTarget } from "@/server/services/releases/rollback-target";
import { recordQueuedAction } from "./record-action";
import { DATABASE_ACTIONS, WORKER_ACTIONS, ZActionRequest, type TActionRequest } from "./schemas";
import { describeTrigger, type ActionTrigger } from "./triggers";

export type QueuedAction = { id: string; status: "queued" };

type AppRow = Awaited<ReturnType<typeof findAppRow>>;

async function checkRequest(
  request: TActionRequest,
  app: AppRow,
  target: "app" | "worker",
  service: "postgres" | null,
): Promise<void> {
  if (DATABASE_ACTIONS.includes(request.action) !== (service === "postgres"))
    throw new AppError(
      "BAD_INPUT",
      service === "postgres"
        ? `The postgres service cannot ${request.action}: use backup or restore.`
        : `${request.action} is an action of the postgres service: POST it to the service.`,
    );
  if (service === "postgres") {
    const database = await getDb().databaseService.findUnique({
      where: { appId_label: { appId: app.id, label: "postgres" } },
    });
    if (!database) throw notFound("Service");
    return;
  }
  if (target === "worker" && !WORKER_ACTIONS.includes(request.action))
    throw new AppError("BAD_INPUT", `A worker cannot ${request.action}: deploy the app instead.`);
  if (request.action === "deploy" && !app.repositoryId)
    throw new AppError("BAD_INPUT", "The app has no repository to deploy from: add one first.");
  if (app.variant === "static" && !["deploy", "scale", "publish", "rollback"].includes(request.action))
    throw new AppError("BAD_INPUT", `A static app has no processes to ${request.action}.`);
  if (request.action === "scale" && request.options.instances > 0 && app.stoppedAt)
    throw new AppError(
      "BAD_INPUT",
      "The free tier stopped this app after its last deploy: deploy it to start it again.",
    );
  const db = getDb();
  if (request.action === "scale")
    await assertFreeTierAllows(db, { app, instances: request.options.instances, what: target });
  // A rollback starts instances like a deploy does, so the same limits apply.
  if (request.action === "deploy" || request.action === "rollback")
    await assertFreeTierAllows(db, { app, instances: app.instances, cnames: app.cnames, what: "app" });
}

/** Validates an action for an app (or its worker), records it `queued` and hands it to the queue. */
export async function queueAction(
  caller: Caller,
  input: {
    appName: string;
    target: "app" | "worker";
    request: unknown;
    service?: "postgres";
    trigger?: ActionTrigger;
  },
): Promise<QueuedAction> {
  const parsed = ZActionRequest.safeParse(input.request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("BAD_INPUT", issue?.message ?? "Malformed input data.", [
      { path: issue?.path.join(".") ?? "", message: issue?.message ?? "" },
    ]);
  }
  const request = parsed.data;
  const db = getDb();
  const app = await findAppRow(db, caller, input.appName);
  if (input.target === "worker" && !(await db.worker.findUnique({ where: { appId: app.id } })))
    throw notFound("Service");
  await checkRequest(request, app, input.target, input.service ?? null);
  const options =
    request.action === "rollback"
      ? { release: await resolveRollbackTarget(db, app, request.options.release) }
      : request.options;
  const id = randomUUID();
  // A restore from an upload takes that upload first, so no other restore (or its expiry) can.
  const upload = request.action === "restore" ? request.options.upload : undefined;
  if (upload) await claimUpload({ uploadId: upload, appId: app.id, actionId: id });
  try {
    await recordQueuedAction(db, app, {
      id,
      target: input.target,
      kind: request.action,
      options,
      requestedBy: caller.username,
      trigger: input.trigger,
      firstMessage: input.trigger
        ? describeTrigger(input.trigger, { requestedBy: caller.username, target: input.target })
        : undefined,
    });
  } catch (error) {
    if (upload) await releaseUpload({ uploadId: upload, actionId: id });
    throw error;
  }
  return { id, status: "queued" };
}

/** An action on one of the app's services: the worker's, or the postgres service's backup and restore. */
export async function queueServiceAction(
  caller: Caller,
  input: { appName: string; label: string; request: unknown },
): Promise<QueuedAction> {
  if (input.label === "postgres")
    return queueAction(caller, {
      appName: input.appName,
      target: "app",
      request: input.request,
      service: "postgres",
    });
  if (input.label !== "worker")
    throw new AppError("BAD_INPUT", `The ${input.label} service has no actions: use the app or its worker.`);
  return queueAction(caller, { appName: input.appName, target: "worker", request: input.request });
}
