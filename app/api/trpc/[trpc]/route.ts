import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { BodyTooLargeError, tooLargeResponse } from "@/server/edge/body-limit";
import { edgeRequest } from "@/server/edge/edge-request";
import { createTRPCContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

async function handler(incoming: Request): Promise<Response> {
  let request: Request;
  try {
    request = await edgeRequest(incoming);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLargeResponse();
    throw error;
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: request.headers }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
