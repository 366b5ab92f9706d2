import { createApiToken, listApiTokens, revokeApiToken } from "@/server/services/api-tokens/manage-tokens";
import { ZCreateTokenRequest, ZTokenRef } from "@/server/services/api-tokens/schemas";
import { authedProcedure, createTRPCRouter } from "../init";

/** The signed-in user's personal API tokens (passwords for the REST API and `thirty`). */
export const tokensRouter = createTRPCRouter({
  list: authedProcedure.query(({ ctx }) => listApiTokens(ctx.caller)),
  create: authedProcedure
    .input(ZCreateTokenRequest)
    .mutation(({ ctx, input }) => createApiToken(ctx.caller, input)),
  delete: authedProcedure
    .input(ZTokenRef)
    .mutation(({ ctx, input }) => revokeApiToken(ctx.caller, input.name)),
});
