import "server-only";
import { clientAddress } from "@/server/edge/client-address";
import { changePassword, startPasswordReset } from "@/server/services/accounts/passwords";
import {
  ZChangePasswordRequest,
  ZCreateUserRequest,
  ZUpdateUserRequest,
} from "@/server/services/accounts/schemas";
import { createUser, deleteUser, getUser, listUsers, updateUser } from "@/server/services/accounts/users";
import { created, isConflict, json, noContent, RestError } from "../http";
import { parseWith, readJsonObject } from "../parse";
import { list, presentUser } from "../presenters";
import { param, type RestContext } from "./context";

export async function listAccountUsers(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const users = await listUsers(caller);
  const items = users.map((u) => presentUser(u, caller.accountName, ctx.links, "item"));
  return json(list(items, ctx.links.users(caller.accountName)));
}

export async function createAccountUser(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const input = parseWith(ZCreateUserRequest, await readJsonObject(ctx.request));
  try {
    const user = await createUser(caller, input);
    return created(
      presentUser(user, caller.accountName, ctx.links),
      ctx.links.user(caller.accountName, user.username),
    );
  } catch (error) {
    // The API documents 405 for creating a user that exists.
    if (isConflict(error)) throw new RestError(405, error.message);
    throw error;
  }
}

export async function showUser(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  return json(presentUser(await getUser(caller, param(ctx, "username")), caller.accountName, ctx.links));
}

export async function updateAccountUser(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const input = parseWith(ZUpdateUserRequest, await readJsonObject(ctx.request));
  const user = await updateUser(caller, param(ctx, "username"), input);
  return json(presentUser(user, caller.accountName, ctx.links));
}

export async function deleteAccountUser(ctx: RestContext): Promise<Response> {
  await deleteUser(await ctx.caller(), param(ctx, "username"));
  return noContent();
}

export async function changeUserPassword(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const { password } = parseWith(ZChangePasswordRequest, await readJsonObject(ctx.request));
  await changePassword(caller, param(ctx, "username"), password);
  return noContent();
}

export async function resetUserPassword(ctx: RestContext): Promise<Response> {
  const message = await startPasswordReset({
    accountName: param(ctx, "account"),
    username: param(ctx, "username"),
    address: clientAddress(ctx.request.headers),
  });
  return json({ message });
}
