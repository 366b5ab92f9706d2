import "server-only";
import { declaredLength } from "@/server/edge/upload-limit";
import { receiveDatabaseUpload } from "@/server/services/databases/uploads/receive-upload";
import { uploadCreated } from "../http";
import { param, type RestContext } from "./context";

/**
 * POST /{account}/apps/{app}/services/postgres/uploads (extension): the raw body is a
 * pg_dump -Fc file, streamed to disk → 201 `{"upload", "size", "expires"}`; then
 * `{"action": "restore", "options": {"upload": <id>}}` on the service restores it.
 */
export async function uploadDatabaseDump(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const upload = await receiveDatabaseUpload({
    caller,
    appName: param(ctx, "app"),
    body: ctx.request.body,
    declaredLength: declaredLength(ctx.request.headers),
  });
  return uploadCreated(upload);
}
