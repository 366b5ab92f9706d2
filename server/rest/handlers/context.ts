import "server-only";
import type { Caller } from "@/server/services/caller";
import { authenticate } from "../auth";
import { Links } from "../presenters";

export type RestContext = {
  request: Request;
  params: Record<string, string>;
  links: Links;
  /** The authenticated caller for the `{account}` in the path. */
  caller: () => Promise<Caller>;
};

export function createContext(request: Request, params: Record<string, string>): RestContext {
  const origin = requestOrigin(request);
  let caller: Promise<Caller> | undefined;
  return {
    request,
    params,
    links: new Links(origin),
    caller: () => (caller ??= authenticate(request, params.account ?? "")),
  };
}

export function param(ctx: RestContext, name: string): string {
  return ctx.params[name] ?? "";
}

/** The origin the client used (its Host header), not the address the server is bound to. */
function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}
