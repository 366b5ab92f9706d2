import "server-only";
import { readLimitedBody } from "@/server/edge/body-limit";
import {
  getDeployHook,
  rotateDeployHook,
  type DeployHookView,
} from "@/server/services/deploy-hooks/get-deploy-hook";
import { receivePush } from "@/server/services/deploy-hooks/receive-push";
import { json, noContent, RestError } from "../http";
import { param, type RestContext } from "./context";

function present(hook: DeployHookView): Record<string, unknown> {
  return { url: hook.url, secret: hook.secret, branch: hook.branch };
}

/** GET /{account}/apps/{app}/deploy_hook (Basic auth): the hook's URL, secret and branch. */
export async function showDeployHook(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  return json(present(await getDeployHook(caller, param(ctx, "app"), ctx.links.origin)));
}

/** PUT /{account}/apps/{app}/deploy_hook (Basic auth): rotates the secret. */
export async function rotateAppDeployHook(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  return json(present(await rotateDeployHook(caller, param(ctx, "app"), ctx.links.origin)));
}

/**
 * POST /{account}/apps/{app}/deploy_hook (no Basic auth): a push event from a forge, signed
 * with the hook's secret. 202 + the logbook's Location when it queues a deploy, 204 when there
 * is nothing to deploy, 401 for a bad or missing signature, 404 for an unknown app, 409 for a
 * delivery accepted before (a replay: nothing is queued).
 */
export async function receiveDeployHookEvent(ctx: RestContext): Promise<Response> {
  // The signature covers the raw bytes: read them as sent (chunked bodies counted too).
  const body = await readLimitedBody(ctx.request);
  const outcome = await receivePush({
    accountName: param(ctx, "account"),
    appName: param(ctx, "app"),
    headers: ctx.request.headers,
    body,
  });
  switch (outcome.kind) {
    case "unknown-app":
      throw new RestError(404, "App not found.");
    case "bad-signature":
      throw new RestError(401, "Bad or missing signature: sign the event with the app's deploy hook secret.");
    case "ignored":
      return noContent();
    case "replayed":
      throw new RestError(
        409,
        `This delivery${outcome.deliveryId ? ` (${outcome.deliveryId})` : ""} was received before, so it deploys nothing again. To deploy, push a new commit or deploy from the dashboard.`,
      );
    case "queued": {
      const location = ctx.links.logbook(outcome.accountName, outcome.actionId);
      return json({ code: 202, status: "queued", link: { href: location, rel: "related" } }, 202, {
        Location: location,
      });
    }
  }
}
