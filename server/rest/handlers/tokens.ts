import "server-only";
import { createApiToken, listApiTokens, revokeApiToken } from "@/server/services/api-tokens/manage-tokens";
import { ZCreateTokenRequest } from "@/server/services/api-tokens/schemas";
import { created, json, noContent } from "../http";
import { parseWith, readJsonObject } from "../parse";
import { list, presentApiToken } from "../presenters";
import { param, type RestContext } from "./context";

export async function listAccountTokens(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const items = (await listApiTokens(caller)).map((t) =>
    presentApiToken(t, ctx.links.token(caller.accountName, t.name), "item"),
  );
  return json(list(items, ctx.links.tokens(caller.accountName)));
}

/** The only answer that carries the token itself. */
export async function createAccountToken(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const input = parseWith(ZCreateTokenRequest, await readJsonObject(ctx.request));
  const token = await createApiToken(caller, input);
  const href = ctx.links.token(caller.accountName, token.name);
  return created({ ...presentApiToken(token, href), token: token.token }, href);
}

export async function revokeAccountToken(ctx: RestContext): Promise<Response> {
  await revokeApiToken(await ctx.caller(), param(ctx, "name"));
  return noContent();
}
