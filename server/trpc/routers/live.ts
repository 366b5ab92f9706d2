import { tracked } from "@trpc/server";
import { z } from "zod";
import { getDb } from "@/server/db/client";
import { streamAppChanges } from "@/server/live/stream-app-changes";
import { getLiveHub } from "@/server/live/live-hub";
import { streamLogbook } from "@/server/live/stream-logbook";
import { streamLogBatches } from "@/server/live/stream-logs";
import { getAction } from "@/server/services/actions/logbook";
import { findAppRow } from "@/server/services/apps/find-app";
import { ZAppName } from "@/server/services/names";
import { toTRPCError } from "../errors";
import { authedProcedure, createTRPCRouter } from "../init";

/**
 * A subscription's body runs while it streams, after the error-mapping middleware returned:
 * its service errors are mapped here (so "App not found" stays a 404, not a 500).
 */
async function* mapped<T>(stream: () => AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* stream();
  } catch (error) {
    throw toTRPCError(error);
  }
}

const ZLastEventId = z.string().regex(/^\d+$/).nullish();

/**
 * Server-sent-event subscriptions. Every item is tracked with its id, so a browser that
 * reconnects sends Last-Event-ID and resumes exactly after the last item it saw.
 */
export const liveRouter = createTRPCRouter({
  logs: authedProcedure
    .input(
      z.object({
        app: ZAppName,
        programs: z.array(z.string().max(64)).max(50).optional(),
        instanceId: z.string().max(200).optional(),
        severity: z.string().max(20).optional(),
        text: z.string().max(200).optional(),
        lastEventId: ZLastEventId,
      }),
    )
    .subscription(({ ctx, input, signal }) =>
      mapped(async function* () {
        const app = await findAppRow(getDb(), ctx.caller, input.app);
        const stream = streamLogBatches({
          db: getDb(),
          hub: getLiveHub(),
          appId: app.id,
          filter: {
            programs: input.programs,
            instanceId: input.instanceId,
            severity: input.severity,
            text: input.text,
          },
          lastEventId: input.lastEventId ?? null,
          initial: 500,
          signal,
        });
        for await (const item of stream)
          yield tracked(
            item.type === "lines" ? (item.lines.at(-1)?.id ?? input.lastEventId ?? "0") : item.toId,
            item,
          );
      }),
    ),
  /**
   * The app's instances, again whenever one changes state, and a note when one of its actions
   * starts or ends (the page then reloads its history).
   */
  appChanges: authedProcedure.input(z.object({ app: ZAppName })).subscription(({ ctx, input, signal }) =>
    mapped(async function* () {
      const app = await findAppRow(getDb(), ctx.caller, input.app);
      yield* streamAppChanges({ hub: getLiveHub(), appId: app.id, signal });
    }),
  ),
  logbook: authedProcedure
    .input(z.object({ id: z.string().uuid(), lastEventId: ZLastEventId }))
    .subscription(({ ctx, input, signal }) =>
      mapped(async function* () {
        // Tenancy: the caller must be able to read this logbook at all.
        await getAction(ctx.caller, input.id);
        let lastId = input.lastEventId ?? "0";
        const stream = streamLogbook({
          db: getDb(),
          hub: getLiveHub(),
          actionId: input.id,
          lastEventId: input.lastEventId ?? null,
          signal,
        });
        for await (const item of stream) {
          if (item.type === "message") lastId = item.message.id;
          yield tracked(lastId, item);
        }
      }),
    ),
});
