import { z } from "zod";
import { logPrograms, readLogs } from "@/server/services/logs/read-logs";
import { ZAppName } from "@/server/services/names";
import { authedProcedure, createTRPCRouter } from "../init";

export const logsRouter = createTRPCRouter({
  recent: authedProcedure
    .input(
      z.object({
        app: ZAppName,
        processes: z.array(z.string()).max(50).optional(),
        limit: z.number().int().min(1).max(5000).default(500),
        beforeId: z.string().regex(/^\d+$/).optional(),
        instanceId: z.string().max(200).optional(),
        severity: z.string().max(20).optional(),
        text: z.string().max(200).optional(),
      }),
    )
    .query(({ ctx, input }) =>
      readLogs(ctx.caller, input.app, {
        limit: input.limit,
        beforeId: input.beforeId,
        instanceId: input.instanceId,
        severity: input.severity,
        text: input.text,
        ...(input.processes?.length ? { processes: input.processes } : {}),
      }),
    ),
  programs: authedProcedure
    .input(z.object({ app: ZAppName }))
    .query(({ ctx, input }) => logPrograms(ctx.caller, input.app)),
});
