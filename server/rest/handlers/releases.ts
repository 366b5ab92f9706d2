import "server-only";
import { listReleases, type ReleaseListItem } from "@/server/services/releases/list-releases";
import { notFound } from "@/server/services/errors";
import { json } from "../http";
import { list, rfc3339, type Links } from "../presenters";
import { param, type RestContext } from "./context";

function presentRelease(
  release: ReleaseListItem,
  href: string,
  rel: "self" | "item",
): Record<string, unknown> {
  return {
    number: release.number,
    commit: release.commitSha,
    message: release.commitMessage,
    created: rfc3339(release.createdAt),
    deployed_by: release.deployedBy,
    current: release.current,
    link: { href, rel },
  };
}

function releasesHref(links: Links, account: string, app: string): string {
  return `${links.app(account, app)}/releases`;
}

/** GET /{account}/apps/{app}/releases: the kept releases, newest first. */
export async function listAppReleases(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const app = param(ctx, "app");
  const href = releasesHref(ctx.links, caller.accountName, app);
  const items = (await listReleases(caller, app)).map((r) =>
    presentRelease(r, `${href}/${r.number}`, "item"),
  );
  return json(list(items, href));
}

/** GET /{account}/apps/{app}/releases/{number}: one kept release. */
export async function showAppRelease(ctx: RestContext): Promise<Response> {
  const caller = await ctx.caller();
  const app = param(ctx, "app");
  const number = Number(param(ctx, "number"));
  const found = (await listReleases(caller, app)).find((r) => r.number === number);
  if (!found) throw notFound("Release");
  const href = `${releasesHref(ctx.links, caller.accountName, app)}/${found.number}`;
  return json(presentRelease(found, href, "self"));
}
