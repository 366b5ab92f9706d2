import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/server/db/client";
import type { HookHeaders, HookProvider } from "./verify-signature";

/** How long an accepted delivery is remembered (THIRTY_HOOK_REPLAY_DAYS, 7; a forge redelivers for 3). */
export function replayWindowMs(): number {
  const wanted = Number(process.env.THIRTY_HOOK_REPLAY_DAYS);
  return (Number.isFinite(wanted) && wanted > 0 ? wanted : 7) * 86_400_000;
}

/** The most deliveries remembered per app: a busy repository cannot grow the table without end. */
export const DELIVERIES_KEPT_PER_APP = 1000;

/** Each forge's id of one delivery (Gitea also sends GitHub's header; GitLab has two names for it). */
const DELIVERY_HEADERS: Record<HookProvider, string[]> = {
  github: ["x-github-delivery"],
  gitea: ["x-gitea-delivery", "x-github-delivery"],
  gitlab: ["idempotency-key", "x-gitlab-event-uuid"],
};

/** The forge's delivery id, when it sent a usable one (printable, of a sane length). */
export function deliveryId(provider: HookProvider, headers: HookHeaders): string | null {
  for (const name of DELIVERY_HEADERS[provider]) {
    const value = headers.get(name)?.trim();
    if (value && /^[\x21-\x7e]{1,200}$/.test(value)) return value;
  }
  return null;
}

/**
 * What identifies a delivery: its id, and its body's digest. The signature covers the body only,
 * never the id header, so someone replaying a captured delivery can change the id at will; the
 * body they cannot change. Two genuine pushes have different bodies (commits, before/after).
 */
function deliveryKeys(provider: HookProvider, headers: HookHeaders, body: Uint8Array): string[] {
  const keys = [`body:${createHash("sha256").update(body).digest("hex")}`];
  const id = deliveryId(provider, headers);
  if (id) keys.push(`delivery:${provider}:${id}`);
  return keys;
}

export type DeliveryRecord =
  { replayed: false; forget: () => Promise<void> } | { replayed: true; id: string | null };

/**
 * Records a signed delivery as accepted, or says it was accepted before (within the window).
 * One statement inserts every key or, if any was there already, none: two copies of a delivery
 * arriving at once cannot both pass. `forget` takes the record back (the deploy could not be
 * queued: a forge's redelivery should then be able to try again).
 */
export async function recordDelivery(options: {
  appId: string;
  provider: HookProvider;
  headers: HookHeaders;
  body: Uint8Array;
  now?: Date;
}): Promise<DeliveryRecord> {
  const db = getDb();
  const now = options.now ?? new Date();
  const keys = deliveryKeys(options.provider, options.headers, options.body);
  const cutoff = new Date(now.getTime() - replayWindowMs());
  const inserted = await db
    .$transaction(async (tx) => {
      await tx.deployHookDelivery.deleteMany({ where: { appId: options.appId, receivedAt: { lt: cutoff } } });
      const seen = await tx.deployHookDelivery.count({ where: { appId: options.appId, key: { in: keys } } });
      if (seen > 0) return false;
      // A concurrent copy inserting the same key fails here on the primary key: that one lost.
      await tx.deployHookDelivery.createMany({
        data: keys.map((key) => ({ appId: options.appId, key, receivedAt: now })),
      });
      return true;
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002") return false;
      throw error;
    });
  if (!inserted) return { replayed: true, id: deliveryId(options.provider, options.headers) };
  await pruneDeliveries(options.appId);
  return {
    replayed: false,
    forget: async () => {
      await db.deployHookDelivery.deleteMany({ where: { appId: options.appId, key: { in: keys } } });
    },
  };
}

/** Keeps the newest DELIVERIES_KEPT_PER_APP of the app's deliveries. */
async function pruneDeliveries(appId: string): Promise<void> {
  const db = getDb();
  const oldestKept = await db.deployHookDelivery.findFirst({
    where: { appId },
    orderBy: [{ receivedAt: "desc" }, { key: "asc" }],
    skip: DELIVERIES_KEPT_PER_APP - 1,
    select: { receivedAt: true },
  });
  if (oldestKept)
    await db.deployHookDelivery.deleteMany({ where: { appId, receivedAt: { lt: oldestKept.receivedAt } } });
}
