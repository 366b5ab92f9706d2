import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { callerFromHeaders } from "@/server/auth/session";
import { crossSiteProblem } from "@/server/edge/origin";
import { isAppError } from "@/server/services/errors";
import type { Caller } from "@/server/services/caller";
import { toTRPCError } from "./errors";

export type TRPCContext = { caller: Caller | null; headers: Headers };

export async function createTRPCContext(options: { headers: Headers }): Promise<TRPCContext> {
  return { caller: await callerFromHeaders(options.headers), headers: options.headers };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  sse: {
    // An open stream must not keep `next start` from stopping; the browser reconnects with
    // its last event id and resumes where it was.
    maxDurationMs: 5 * 60_000,
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zodIssues =
      cause instanceof ZodError
        ? cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
        : null;
    return {
      ...shape,
      message: zodIssues?.[0]?.message ?? shape.message,
      data: {
        ...shape.data,
        // Field-level messages for forms: from zod at the edge or from a service rule.
        issues: zodIssues ?? (isAppError(cause) ? cause.issues : []),
      },
    };
  },
});

/** Maps the services' AppError to tRPC's codes in one place. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped instanceof TRPCError) throw mapped;
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Mutations change state with the browser's session cookie: one sent from another site
 * (a tenant's app on a sibling host, any web page) is refused before it runs. Queries and
 * subscriptions only read, and calls without browser headers (createCaller) pass; see
 * crossSiteProblem for the rule.
 */
const sameOriginMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation") {
    const problem = crossSiteProblem(ctx.headers);
    if (problem) throw new TRPCError({ code: "FORBIDDEN", message: problem });
  }
  return next();
});

export const publicProcedure = t.procedure.use(sameOriginMutations).use(mapErrors);

/** Signed-in callers only; `ctx.caller` is non-null after it. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.caller) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, caller: ctx.caller } });
});
