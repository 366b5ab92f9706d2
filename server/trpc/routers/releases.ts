import { z } from "zod";
import { listReleases } from "@/server/services/releases/list-releases";
import { ZAppName } from "@/server/services/names";
import { authedProcedure, createTRPCRouter } from "../init";

export const releasesRouter = createTRPCRouter({
  list: authedProcedure
    .input(z.object({ app: ZAppName }))
    .query(({ ctx, input }) => listReleases(ctx.caller, input.app)),
});
