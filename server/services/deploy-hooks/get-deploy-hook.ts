import "server-only";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { findAppRow } from "@/server/services/apps/find-app";
import type { Caller } from "@/server/services/caller";
import { ensureHookSecret, replaceHookSecret } from "./hook-secret";

export type DeployHookView = {
  /** Where forges send push events (no credentials in it: the secret signs each event). */
  url: string;
  /** Shown to the account's users only: the dashboard and the Basic-auth REST API. */
  secret: string;
  /** The app's repo_commit: pushes to this branch deploy (`HEAD`: the default branch). */
  branch: string;
  variant: "git" | "mercurial" | null;
};

export function deployHookUrl(origin: string, accountName: string, appName: string): string {
  return `${origin}/0.9/${encodeURIComponent(accountName)}/apps/${encodeURIComponent(appName)}/deploy_hook`;
}

async function view(caller: Caller, appName: string, origin: string | undefined, rotate: boolean) {
  const db = getDb();
  const app = await findAppRow(db, caller, appName);
  const secret = rotate ? await replaceHookSecret(app.id) : await ensureHookSecret(app.id);
  const repository = app.repositoryId
    ? await db.repository.findUnique({ where: { id: app.repositoryId }, select: { variant: true } })
    : null;
  return {
    url: deployHookUrl(origin ?? getConfig().publicUrl, caller.accountName, app.name),
    secret,
    branch: app.repoCommit,
    variant: repository?.variant ?? null,
  } satisfies DeployHookView;
}

/** The app's deploy hook (its secret created on first read). */
export function getDeployHook(caller: Caller, appName: string, origin?: string): Promise<DeployHookView> {
  return view(caller, appName, origin, false);
}

/** A new secret for the app's deploy hook; the old one stops working at once. */
export function rotateDeployHook(caller: Caller, appName: string, origin?: string): Promise<DeployHookView> {
  return view(caller, appName, origin, true);
}
