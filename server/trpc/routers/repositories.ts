import { z } from "zod";
import { ZTestConnectionRequest } from "@/server/services/repositories/connection-test-schemas";
import { getConnectionTest, startConnectionTest } from "@/server/services/repositories/test-connection";
import { authedProcedure, createTRPCRouter } from "../init";

/** "Test connection" on the repository forms: start one, then read its answer. */
export const repositoriesRouter = createTRPCRouter({
  testConnection: authedProcedure
    .input(ZTestConnectionRequest)
    .mutation(({ ctx, input }) => startConnectionTest(ctx.caller, input)),
  connectionTest: authedProcedure
    .input(z.object({ id: z.string().max(64) }))
    .query(({ ctx, input }) => getConnectionTest(ctx.caller, input.id)),
});
