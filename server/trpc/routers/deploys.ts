import { z } from "zod";
import { getLastDeploy } from "@/server/services/actions/last-deploy";
import { getAppLimits } from "@/server/services/billing/get-app-limits";
import { ZAppName } from "@/server/services/names";
import { authedProcedure, createTRPCRouter } from "../init";

const ZAppRef = z.object({ app: ZAppName });

/** What the app page's header and scale controls read beside the app itself. */
export const deploysRouter = createTRPCRouter({
  last: authedProcedure.input(ZAppRef).query(({ ctx, input }) => getLastDeploy(ctx.caller, input.app)),
  limits: authedProcedure.input(ZAppRef).query(({ ctx, input }) => getAppLimits(ctx.caller, input.app)),
});
