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
  const origin = new URL(request.url).origin;
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
