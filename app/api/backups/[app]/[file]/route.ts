import { callerFromHeaders } from "@/server/auth/session";
import { openAppBackup } from "@/server/services/databases/backups";
import { isAppError } from "@/server/services/errors";

/** The dashboard's download of a kept database backup (signed-in session; REST has its own). */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ app: string; file: string }> },
): Promise<Response> {
  const caller = await callerFromHeaders(request.headers);
  if (!caller) return Response.json({ error: "Sign in to continue." }, { status: 401 });
  const { app, file } = await params;
  try {
    const backup = await openAppBackup(caller, app, file);
    return new Response(backup.body, {
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Length": String(backup.size),
        "Content-Disposition": `attachment; filename="${file}"`,
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND")
      return Response.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
