import "server-only";
import { getDb } from "@/server/db/client";
import { queueAction } from "@/server/services/actions/queue-action";
import type { Caller } from "@/server/services/caller";
import { AppError } from "@/server/services/errors";
import { storedHookSecret } from "./hook-secret";
import { recordDelivery } from "./hook-deliveries";
import { parsePushEvent, pushesAppBranch, type PushEvent } from "./push-event";
import {
  isPingEvent,
  isPushEvent,
  verifyHookSignature,
  type HookHeaders,
  type HookProvider,
} from "./verify-signature";

export type PushOutcome =
  /** No such account or app: said exactly as a bad signature would say it (see below). */
  | { kind: "unknown-app" }
  | { kind: "bad-signature" }
  /** Signed, but nothing to deploy: a ping, another event, another ref, a deleted branch. */
  | { kind: "ignored"; reason: string }
  /** Signed, and accepted before (the same delivery id or the same body): deploys nothing again. */
  | { kind: "replayed"; deliveryId: string | null }
  | { kind: "queued"; accountName: string; actionId: string; coalesced: boolean };

/**
 * Who a push deploys as: the account's first user still active (its owner, for the activity
 * feed and the free-tier rules). An account whose users are all disabled deploys nothing.
 */
async function accountOwner(accountId: string, accountName: string): Promise<Caller> {
  const owner = await getDb().user.findFirst({
    where: { accountId, isActive: true },
    orderBy: { createdAt: "asc" },
    select: { id: true, username: true },
  });
  if (!owner?.username)
    throw new AppError("FORBIDDEN", `Account ${accountName} has no active user to deploy as.`);
  return { userId: owner.id, username: owner.username, accountId, accountName };
}

/**
 * A push event sent to an app's deploy hook. The sender is anonymous until its signature
 * checks out, so before that it learns nothing but "unknown app" (404) or "bad signature"
 * (401). App and account names are public already (they are the app's host name), so the 404
 * tells nothing new; the work done is the same either way (an HMAC against a placeholder).
 *
 * A burst of pushes does not pile up deploys: while a deploy of the app is still queued, a
 * new push answers with that deploy (it fetches the branch's newest commit when it starts).
 * One running plus one queued is the most a burst causes, and an anonymous sender without
 * the secret queues nothing at all. Someone who captured a signed delivery cannot replay it:
 * a delivery that would deploy is remembered (hook-deliveries.ts), and seen again it is refused.
 */
export async function receivePush(options: {
  accountName: string;
  appName: string;
  headers: HookHeaders;
  body: Uint8Array;
}): Promise<PushOutcome> {
  const db = getDb();
  const app = await db.app.findFirst({
    where: { name: options.appName, account: { name: options.accountName } },
    select: {
      id: true,
      name: true,
      repoCommit: true,
      deployHookSecretEncrypted: true,
      account: { select: { id: true, name: true, isActive: true } },
      repository: { select: { variant: true } },
    },
  });
  const signed = verifyHookSignature(options.headers, options.body, app ? storedHookSecret(app) : null);
  if (!app) return { kind: "unknown-app" };
  if (!signed) return { kind: "bad-signature" };
  if (!app.account.isActive) throw new AppError("FORBIDDEN", `Account ${app.account.name} is disabled.`);
  if (isPingEvent(signed)) return { kind: "ignored", reason: "ping" };
  if (!isPushEvent(signed)) return { kind: "ignored", reason: `event ${signed.event || "(none)"}` };
  const event = parsePushEvent(Buffer.from(options.body).toString("utf8"));
  if (!event) throw new AppError("BAD_INPUT", "Malformed input data.");
  if (!app.repository) return { kind: "ignored", reason: "the app has no repository" };
  if (!pushesAppBranch(event, { repoCommit: app.repoCommit, variant: app.repository.variant }))
    return { kind: "ignored", reason: `ref ${event.ref}` };
  if (event.commit === null) return { kind: "ignored", reason: "the branch was deleted" };

  const delivery = await recordDelivery({
    appId: app.id,
    provider: signed.provider,
    headers: options.headers,
    body: options.body,
  });
  if (delivery.replayed) return { kind: "replayed", deliveryId: delivery.id };
  try {
    return await queuePushDeploy(app, signed.provider, event);
  } catch (error) {
    await delivery.forget().catch(() => undefined);
    throw error;
  }
}

/** The deploy a push asks for, or the one still queued (a burst of pushes coalesces). */
async function queuePushDeploy(
  app: { id: string; name: string; account: { id: string; name: string } },
  provider: HookProvider,
  event: PushEvent,
): Promise<PushOutcome> {
  const db = getDb();
  const pending = await db.action.findFirst({
    where: { appId: app.id, target: "app", kind: "deploy", status: "queued" },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (pending)
    return { kind: "queued", accountName: app.account.name, actionId: pending.id, coalesced: true };

  const owner = await accountOwner(app.account.id, app.account.name);
  const queued = await queueAction(owner, {
    appName: app.name,
    target: "app",
    request: { action: "deploy" },
    trigger: {
      source: "push",
      provider,
      pusher: event.pusher,
      ref: event.ref,
      commit: event.commit,
    },
  });
  return { kind: "queued", accountName: app.account.name, actionId: queued.id, coalesced: false };
}
