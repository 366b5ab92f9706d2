import { callerFromHeaders } from "@/server/auth/session";
import { crossSiteProblem } from "@/server/edge/origin";
import { declaredLength } from "@/server/edge/upload-limit";
import { closing, errorResponse, json, uploadCreated } from "@/server/rest/http";
import { receiveDatabaseUpload } from "@/server/services/databases/uploads/receive-upload";

export const dynamic = "force-dynamic";

/**
 * The dashboard's upload of a pg_dump -Fc file for a restore of the app's database (signed-in
 * session, from the dashboard's own origin). The body streams to disk; the answer names the
 * upload a restore then takes: `{"upload", "size", "expires"}`.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ app: string }> },
): Promise<Response> {
  const problem = crossSiteProblem(request.headers);
  if (problem) return closing(json({ code: 403, error: problem }, 403));
  const caller = await callerFromHeaders(request.headers);
  if (!caller) return closing(json({ code: 401, error: "Sign in to continue." }, 401));
  const { app } = await params;
  try {
    const upload = await receiveDatabaseUpload({
      caller,
      appName: app,
      body: request.body,
      declaredLength: declaredLength(request.headers),
    });
    return uploadCreated(upload);
  } catch (error) {
    return closing(errorResponse(error));
  }
}
