import { z } from "zod";
import { getAppMetricsForPeriod } from "@/server/services/metrics/get-app-metrics";
import { ZMetricsPeriod } from "@/server/services/metrics/schemas";
import { ZAppName } from "@/server/services/names";
import { authedProcedure, createTRPCRouter } from "../init";

export const metricsRouter = createTRPCRouter({
  get: authedProcedure
    .input(z.object({ app: ZAppName, period: ZMetricsPeriod.default("1h") }))
    .query(({ ctx, input }) => getAppMetricsForPeriod(ctx.caller, input.app, input.period)),
});
