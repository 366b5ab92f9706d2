import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { findAppRow } from "@/server/services/apps/find-app";
import { appLimits, type AppLimits } from "./app-limits";
import { PLANS } from "./plans";

export type AppLimitsView = AppLimits & { planName: string; instanceMemoryMb: number };

/** What the app may run under its account's plan, for the scale controls. */
export async function getAppLimits(caller: Caller, appName: string): Promise<AppLimitsView> {
  const db = getDb();
  const app = await findAppRow(db, caller, appName);
  const account = await db.account.findUniqueOrThrow({
    where: { id: caller.accountId },
    select: { plan: true },
  });
  const plan = PLANS[account.plan];
  return {
    ...appLimits({ plan: account.plan, published: app.published }),
    planName: plan.name,
    instanceMemoryMb: plan.instanceMemoryMb,
  };
}
