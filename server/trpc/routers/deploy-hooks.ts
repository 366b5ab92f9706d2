import { z } from "zod";
import { getDeployHook, rotateDeployHook } from "@/server/services/deploy-hooks/get-deploy-hook";
import { ZAppName } from "@/server/services/names";
import { authedProcedure, createTRPCRouter } from "../init";

const ZAppRef = z.object({ app: ZAppName });

/** The Deploy tab's deploy hook: its URL and secret, and rotating the secret. */
export const deployHooksRouter = createTRPCRouter({
  get: authedProcedure.input(ZAppRef).query(({ ctx, input }) => getDeployHook(ctx.caller, input.app)),
  rotate: authedProcedure
    .input(ZAppRef)
    .mutation(({ ctx, input }) => rotateDeployHook(ctx.caller, input.app)),
});
