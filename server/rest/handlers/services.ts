import "server-only";
import { createService } from "@/server/services/app-services/create-service";
import { deleteService } from "@/server/services/app-services/delete-service";
import { getService } from "@/server/services/app-services/get-service";
import {
  SERVICE_LABELS,
  ZCreateServiceRequest,
  ZUpdateServiceRequest,
  type ServiceLabel,
} from "@/server/services/app-services/schemas";
import { updateService } from "@/server/services/app-services/update-service";
import { openAppBackup } from "@/server/services/databases/backups";
import { notFound } from "@/server/services/errors";
import { created, json, noContent, relatedLink } from "../http";
import { parseWith, readJsonObject } from "../parse";
import { presentService } from "../presenters";
import { param, type RestContext } from "./context";

function labelOf(ctx: RestContext): ServiceLabel {
  const label = param(ctx, "label");
  if (!(SERVICE_LABELS as readonly string[]).includes(label)) throw notFound("Service");
  return label as ServiceLabel;
}

export async function createAppService(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const app = param(ctx, "app");
  const input = parseWith(ZCreateServiceRequest, await readJsonObject(ctx.request));
  const service = await createService(caller, app, input);
  return created(
    presentService(service, caller.accountName, app, ctx.links),
    ctx.links.service(caller.accountName, app, service.label),
  );
}

export async function showAppService(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const app = param(ctx, "app");
  const service = await getService(caller, app, labelOf(ctx));
  return json(presentService(service, caller.accountName, app, ctx.links));
}

export async function updateAppService(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const app = param(ctx, "app");
  const label = labelOf(ctx);
  const body = await readJsonObject(ctx.request);
  // Read-only fields may be sent back as read; they are not changes.
  const {
    link: _l,
    app: _a,
    has_ssh_key: _k,
    host: _h,
    port: _p,
    username: _u,
    password: _pw,
    ...rest
  } = body;
  const changes = label === "postgres" || label === "mongodb" ? { variant: rest.variant } : rest;
  const input = parseWith(ZUpdateServiceRequest, { ...changes, label });
  const service = await updateService(caller, app, input);
  // Changed worker variables queued a rolling restart: its logbook, for clients that follow it.
  const restart = service.envChange?.restartQueued;
  const headers: Record<string, string> = restart
    ? relatedLink(ctx.links.logbook(caller.accountName, restart.id))
    : {};
  return json(presentService(service, caller.accountName, app, ctx.links), 200, headers);
}

export async function deleteAppService(ctx: RestContext): Promise<Response> {
  await deleteService(await ctx.caller(), param(ctx, "app"), labelOf(ctx));
  return noContent();
}

/** GET /{account}/apps/{app}/services/postgres/backups/{file}: a kept backup (pg_dump -Fc). */
export async function downloadBackup(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const backup = await openAppBackup(caller, param(ctx, "app"), param(ctx, "file"));
  return new Response(backup.body, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(backup.size),
      "Content-Disposition": `attachment; filename="${param(ctx, "file")}"`,
    },
  });
}
