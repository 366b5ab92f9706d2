import { z } from "zod";
import { createService } from "@/server/services/app-services/create-service";
import { deleteService } from "@/server/services/app-services/delete-service";
import { getService } from "@/server/services/app-services/get-service";
import {
  ZCreateServiceRequest,
  ZServiceLabel,
  ZUpdateServiceRequest,
} from "@/server/services/app-services/schemas";
import { updateService } from "@/server/services/app-services/update-service";
import { ZAppName } from "@/server/services/names";
import { authedProcedure, createTRPCRouter } from "../init";

const ZServiceRef = z.object({ app: ZAppName, label: ZServiceLabel });

export const servicesRouter = createTRPCRouter({
  get: authedProcedure
    .input(ZServiceRef)
    .query(({ ctx, input }) => getService(ctx.caller, input.app, input.label)),
  create: authedProcedure
    .input(z.object({ app: ZAppName, service: ZCreateServiceRequest }))
    .mutation(({ ctx, input }) => createService(ctx.caller, input.app, input.service)),
  update: authedProcedure
    .input(z.object({ app: ZAppName, service: ZUpdateServiceRequest }))
    .mutation(({ ctx, input }) => updateService(ctx.caller, input.app, input.service)),
  delete: authedProcedure
    .input(ZServiceRef)
    .mutation(({ ctx, input }) => deleteService(ctx.caller, input.app, input.label)),
});
