import "server-only";
import { createApp } from "@/server/services/apps/create-app";
import { deleteApp } from "@/server/services/apps/delete-app";
import { getApp, listApps } from "@/server/services/apps/find-app";
import { ZCreateAppRequest, ZUpdateAppRequest } from "@/server/services/apps/schemas";
import { updateApp } from "@/server/services/apps/update-app";
import { created, json, noContent, relatedLink } from "../http";
import { parseWith, readJsonObject } from "../parse";
import { list, presentApp } from "../presenters";
import { param, type RestContext } from "./context";

export async function listAccountApps(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const items = (await listApps(caller)).map((a) => presentApp(a, caller.accountName, ctx.links, "item"));
  return json(list(items, ctx.links.apps(caller.accountName)));
}

export async function createAccountApp(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const input = parseWith(ZCreateAppRequest, await readJsonObject(ctx.request));
  const app = await createApp(caller, input);
  return created(presentApp(app, caller.accountName, ctx.links), ctx.links.app(caller.accountName, app.name));
}

export async function showApp(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  return json(presentApp(await getApp(caller, param(ctx, "app")), caller.accountName, ctx.links));
}

export async function updateAccountApp(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const body = await readJsonObject(ctx.request);
  // `name` identifies the app and cannot change; `label` is always "app". Both may be
  // sent back as read.
  const {
    name: _name,
    label: _label,
    dns_record: _dns,
    published: _published,
    link: _link,
    ...changes
  } = body;
  const input = parseWith(ZUpdateAppRequest, changes);
  const app = await updateApp(caller, param(ctx, "app"), input);
  // Changed variables queued a rolling restart: its logbook, for clients that follow it.
  const headers: Record<string, string> = app.restartQueued
    ? relatedLink(ctx.links.logbook(caller.accountName, app.restartQueued.id))
    : {};
  return json(presentApp(app, caller.accountName, ctx.links), 200, headers);
}

export async function deleteAccountApp(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const { logbookId } = await deleteApp(caller, param(ctx, "app"));
  // 204 as the API promises; the delete action's logbook for clients that follow it.
  return noContent(relatedLink(ctx.links.logbook(caller.accountName, logbookId)));
}
