import { z } from "zod";
import { createApp } from "@/server/services/apps/create-app";
import { deleteApp } from "@/server/services/apps/delete-app";
import { getApp, listApps } from "@/server/services/apps/find-app";
import { ZCreateAppRequest, ZUpdateAppRequest } from "@/server/services/apps/schemas";
import { updateApp } from "@/server/services/apps/update-app";
import { ZAppName } from "@/server/services/names";
import { availableRegions } from "@/server/services/regions";
import { authedProcedure, createTRPCRouter } from "../init";

const ZAppRef = z.object({ name: ZAppName });

export const appsRouter = createTRPCRouter({
  list: authedProcedure.query(({ ctx }) => listApps(ctx.caller)),
  get: authedProcedure.input(ZAppRef).query(({ ctx, input }) => getApp(ctx.caller, input.name)),
  regions: authedProcedure.query(() => availableRegions()),
  create: authedProcedure.input(ZCreateAppRequest).mutation(({ ctx, input }) => createApp(ctx.caller, input)),
  update: authedProcedure
    .input(ZAppRef.extend({ changes: ZUpdateAppRequest }))
    .mutation(({ ctx, input }) => updateApp(ctx.caller, input.name, input.changes)),
  delete: authedProcedure.input(ZAppRef).mutation(({ ctx, input }) => deleteApp(ctx.caller, input.name)),
});
