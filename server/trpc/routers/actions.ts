import { z } from "zod";
import { cancelAction, getAction, getLogbook, listActions } from "@/server/services/actions/logbook";
import { queueAction } from "@/server/services/actions/queue-action";
import { ZActionRequest } from "@/server/services/actions/schemas";
import { ZAppName } from "@/server/services/names";
import { authedProcedure, createTRPCRouter } from "../init";

const ZActionId = z.string().uuid("That is not a logbook id.");

export const actionsRouter = createTRPCRouter({
  queue: authedProcedure
    .input(
      z.object({ app: ZAppName, target: z.enum(["app", "worker"]).default("app"), request: ZActionRequest }),
    )
    .mutation(({ ctx, input }) =>
      queueAction(ctx.caller, { appName: input.app, target: input.target, request: input.request }),
    ),
  list: authedProcedure
    .input(z.object({ app: ZAppName, limit: z.number().int().min(1).max(200).default(30) }))
    .query(({ ctx, input }) => listActions(ctx.caller, input.app, input.limit)),
  get: authedProcedure
    .input(z.object({ id: ZActionId }))
    .query(({ ctx, input }) => getAction(ctx.caller, input.id)),
  logbook: authedProcedure
    .input(z.object({ id: ZActionId, afterId: z.string().regex(/^\d+$/).optional() }))
    .query(({ ctx, input }) => getLogbook(ctx.caller, input.id, input.afterId)),
  cancel: authedProcedure
    .input(z.object({ id: ZActionId }))
    .mutation(({ ctx, input }) => cancelAction(ctx.caller, input.id)),
});
