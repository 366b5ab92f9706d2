import path from "node:path";
import type { PlatformRuntime } from "@/server/runtime/platform-runtime";
import type { AppContext, ReleaseRecord } from "./app-context";
import { projectRoot } from "./release-instances";

/**
 * Points the app's hosts at the release: its files for a static app, its instances otherwise.
 * Resolves once the router serves the new route.
 */
export function exposeApp(
  runtime: PlatformRuntime,
  app: AppContext,
  release: ReleaseRecord,
  hosts: string[],
): Promise<void> {
  const root = projectRoot(release);
  const mediaDir = runtime.paths(app.id).mediaDir;
  return runtime.expose(
    app.id,
    app.variant === "static"
      ? { hosts, mediaDir, staticRoot: root }
      : { hosts, mediaDir, staticDir: path.join(root, "static") },
  );
}
