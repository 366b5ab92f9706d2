import { isAppError } from "@/server/services/errors";
import { publishApp } from "@/server/services/billing/publish-app";
import { loadAppContext, loadRelease } from "../app-context";
import type { ActionContext } from "../context";
import { appHosts } from "../release-instances";
import { StepFailure } from "../step-failure";
import { exposeApp } from "../expose-app";

/**
 * Publish: the app leaves the free tier (paid plans only), then its route is refreshed so its
 * CNAMEs reach it. Nothing restarts: the running instances simply gain host names.
 */
export async function publishAction(ctx: ActionContext): Promise<void> {
  const { db, runtime, logbook, action } = ctx;
  const outcome = await ctx.stage("publish", async () => {
    try {
      return await publishApp({ appId: action.appId });
    } catch (error) {
      if (isAppError(error)) throw new StepFailure(error.message);
      throw error;
    }
  });
  logbook.info(
    outcome.alreadyPublished
      ? "The app was already published."
      : "Published: no automatic stop, the plan's instance limit, and its custom domains are served.",
  );
  const app = await loadAppContext(db, action.appId);
  const dns = runtime.dnsRecord(app.name, app.accountName);
  if (!app.currentReleaseId) {
    logbook.info("The app has not been deployed yet: its custom domains are served from its first deploy.");
    return;
  }
  const release = await loadRelease(db, app.currentReleaseId);
  await ctx.stage("route", async () => {
    const hosts = appHosts(runtime, app);
    await exposeApp(runtime, app, release, hosts);
    logbook.info(`Serving ${hosts.join(", ")}.`);
  });
  if (app.cnames.length > 0) {
    logbook.info(`Point each custom domain at ${dns} with a DNS CNAME record.`);
  }
  if (runtime.live(app.id, "app").length === 0 && app.variant === "python") {
    logbook.warning("The app has no running instances (stopped or paused): deploy or scale it to serve it.");
  }
}
