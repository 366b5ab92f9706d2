import "server-only";
import { cancelAction, getLogbook } from "@/server/services/actions/logbook";
import {
  queueAction,
  queueServiceAction as queueServiceActionFor,
} from "@/server/services/actions/queue-action";
import { DEFAULT_LOG_PROCESSES, readLogs } from "@/server/services/logs/read-logs";
import { followLogs } from "./follow-logs";
import { json } from "../http";
import { readJsonObject } from "../parse";
import { presentLogbook, presentLogMessage } from "../presenters";
import { param, type RestContext } from "./context";

function accepted(location: string): Response {
  return json({ code: 202, status: "queued", link: { href: location, rel: "related" } }, 202, {
    Location: location,
  });
}

/** POST /{account}/apps/{app} {"action": ...}: queues an action, answers with its logbook URI. */
export async function queueAppAction(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const body = await readJsonObject(ctx.request);
  const queued = await queueAction(caller, { appName: param(ctx, "app"), target: "app", request: body });
  return accepted(ctx.links.logbook(caller.accountName, queued.id));
}

/** POST /{account}/apps/{app}/services/{label} {"action": ...} (the worker's actions). */
export async function queueServiceAction(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const body = await readJsonObject(ctx.request);
  const queued = await queueServiceActionFor(caller, {
    appName: param(ctx, "app"),
    label: param(ctx, "label"),
    request: body,
  });
  return accepted(ctx.links.logbook(caller.accountName, queued.id));
}

export async function showLogbook(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const logbook = await getLogbook(caller, param(ctx, "uuid"));
  return json(presentLogbook(logbook, ctx.links.logbook(caller.accountName, logbook.id)));
}

/** DELETE on a logbook cancels its action (queued: at once; running: cleans up, then ends). */
export async function cancelLogbook(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const id = param(ctx, "uuid");
  await cancelAction(caller, id);
  const logbook = await getLogbook(caller, id);
  return json(presentLogbook(logbook, ctx.links.logbook(caller.accountName, id)), 202);
}

export async function showLogs(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const search = new URL(ctx.request.url).searchParams;
  // The original client joined parameters with commas ("limit=10,process=nginx"): accept both.
  const pairs = new Map<string, string>();
  for (const [key, value] of search) {
    for (const part of `${key}=${value}`.split(/,(?=[a-z]+=)/)) {
      const [k, v] = part.split("=");
      if (k && v !== undefined) pairs.set(k, v);
    }
  }
  const processes = pairs.get("process")?.split(",").filter(Boolean);
  if (pairs.get("follow") === "1" || pairs.get("follow") === "true")
    return followLogs(ctx, caller, param(ctx, "app"), {
      processes: processes?.length ? processes : DEFAULT_LOG_PROCESSES,
      limit: Number(pairs.get("limit") ?? 10),
      lastEventId: ctx.request.headers.get("last-event-id"),
    });
  const messages = await readLogs(caller, param(ctx, "app"), {
    limit: pairs.get("limit") ?? 10,
    ...(processes?.length ? { processes } : {}),
  });
  return json({ messages: messages.map(presentLogMessage) });
}
