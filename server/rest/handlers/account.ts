import "server-only";
import { getAccount } from "@/server/services/accounts/get-account";
import { ZSignUpRequest } from "@/server/services/accounts/schemas";
import { signUp } from "@/server/services/accounts/sign-up";
import { created, json, noContent } from "../http";
import { parseWith, readJsonObject } from "../parse";
import { presentAccount } from "../presenters";
import type { RestContext } from "./context";

export async function showAccount(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  return json(presentAccount(await getAccount({ accountId: caller.accountId }), ctx.links));
}

export async function authCheck(ctx: RestContext): Promise<Response> {
  await ctx.caller();
  return noContent();
}

export async function signUpAccount(ctx: RestContext): Promise<Response> {
  const input = parseWith(ZSignUpRequest, await readJsonObject(ctx.request));
  const { account } = await signUp(input);
  const view = await getAccount({ accountId: account.id });
  return created(presentAccount(view, ctx.links), ctx.links.account(account.name));
}
