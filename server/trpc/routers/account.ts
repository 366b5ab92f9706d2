import { z } from "zod";
import { getAccount } from "@/server/services/accounts/get-account";
import { changePassword } from "@/server/services/accounts/passwords";
import {
  ZChangePasswordRequest,
  ZCreateUserRequest,
  ZUpdateUserRequest,
} from "@/server/services/accounts/schemas";
import {
  createUser,
  deleteUser,
  listUsers,
  setUserActive,
  updateUser,
} from "@/server/services/accounts/users";
import { ZUsername } from "@/server/services/names";
import { authedProcedure, createTRPCRouter } from "../init";

const ZUserRef = z.object({ username: ZUsername });

export const accountRouter = createTRPCRouter({
  get: authedProcedure.query(({ ctx }) => getAccount({ accountId: ctx.caller.accountId })),
  me: authedProcedure.query(({ ctx }) => ctx.caller),
  listUsers: authedProcedure.query(({ ctx }) => listUsers(ctx.caller)),
  createUser: authedProcedure
    .input(ZCreateUserRequest)
    .mutation(({ ctx, input }) => createUser(ctx.caller, input)),
  updateUser: authedProcedure
    .input(ZUserRef.extend({ changes: ZUpdateUserRequest }))
    .mutation(({ ctx, input }) => updateUser(ctx.caller, input.username, input.changes)),
  deleteUser: authedProcedure
    .input(ZUserRef)
    .mutation(({ ctx, input }) => deleteUser(ctx.caller, input.username)),
  setUserActive: authedProcedure
    .input(ZUserRef.extend({ isActive: z.boolean() }))
    .mutation(({ ctx, input }) => setUserActive(ctx.caller, input.username, input.isActive)),
  changePassword: authedProcedure
    .input(ZUserRef.extend(ZChangePasswordRequest.shape))
    .mutation(({ ctx, input }) => changePassword(ctx.caller, input.username, input.password)),
});
