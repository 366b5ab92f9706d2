import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth/auth";
import { BodyTooLargeError, tooLargeResponse } from "@/server/edge/body-limit";
import { edgeRequest } from "@/server/edge/edge-request";

export const dynamic = "force-dynamic";

async function handle(request: Request, method: "GET" | "POST"): Promise<Response> {
  let guarded: Request;
  try {
    guarded = await edgeRequest(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLargeResponse();
    throw error;
  }
  // The auth instance needs DATABASE_URL, which exists at request time but not at build time.
  return toNextJsHandler(getAuth())[method](guarded);
}

export async function GET(request: Request) {
  return handle(request, "GET");
}
export async function POST(request: Request) {
  return handle(request, "POST");
}
