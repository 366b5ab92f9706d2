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
import { queueServiceAction } from "@/server/services/actions/queue-action";
import { getDatabaseDetails, revealDatabaseCredentials } from "@/server/services/databases/database-details";
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
  databaseDetails: authedProcedure
    .input(z.object({ app: ZAppName }))
    .query(({ ctx, input }) => getDatabaseDetails(ctx.caller, input.app)),
  /** A mutation, not a query: revealing is an explicit act, never cached or prefetched. */
  revealDatabase: authedProcedure
    .input(z.object({ app: ZAppName }))
    .mutation(({ ctx, input }) => revealDatabaseCredentials(ctx.caller, input.app)),
  databaseAction: authedProcedure
    .input(z.object({ app: ZAppName, request: z.unknown() }))
    .mutation(({ ctx, input }) =>
      queueServiceAction(ctx.caller, { appName: input.app, label: "postgres", request: input.request }),
    ),
});
