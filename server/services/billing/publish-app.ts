import { getDb } from "@/server/db/client";
import { cancelJob } from "@/server/queue/action-queue";
import { planUpgradeUri } from "@/server/services/accounts/get-account";
import { AppError } from "@/server/services/errors";
import { freeStopJobKey } from "./billing-tasks";
import { PLANS } from "./plans";
import { switchUsageRate } from "./switch-usage-rate";

/**
 * Marks an app published: the free-tier limits no longer apply and its pending automatic
 * stop is dropped. Needs a paid plan with a published-app slot left. The caller (the publish
 * action) then routes the app's CNAMEs.
 */
export async function publishApp(options: {
  appId: string;
  now?: Date;
}): Promise<{ alreadyPublished: boolean }> {
  const db = getDb();
  const now = options.now ?? new Date();
  const result = await db.$transaction(async (tx) => {
    const app = await tx.app.findUniqueOrThrow({
      where: { id: options.appId },
      select: {
        id: true,
        accountId: true,
        published: true,
        account: { select: { name: true, plan: true, planUpgradeKey: true } },
      },
    });
    if (app.published) return { alreadyPublished: true };
    const plan = PLANS[app.account.plan];
    if (plan.publishedApps === 0) {
      throw new AppError(
        "QUOTA_REACHED",
        `Publishing needs a paid plan; the account is on the ${plan.name} plan. Upgrade at ${planUpgradeUri(app.account)} and publish again.`,
      );
    }
    // Serialises concurrent publishes of one account, so two cannot both take the last slot.
    await tx.$executeRaw`select 1 from "Account" where id = ${app.accountId} for update`;
    const published = await tx.app.count({ where: { accountId: app.accountId, published: true } });
    if (published >= plan.publishedApps) {
      throw new AppError(
        "QUOTA_REACHED",
        `The ${plan.name} plan publishes at most ${plan.publishedApps} apps and ${published} already are. Upgrade at ${planUpgradeUri(app.account)} for more.`,
      );
    }
    await tx.app.update({
      where: { id: app.id },
      data: { published: true, freeStopAt: null, stoppedAt: null, stoppedReason: null },
    });
    return { alreadyPublished: false };
  });
  if (!result.alreadyPublished) {
    await cancelJob(freeStopJobKey(options.appId));
    await switchUsageRate({ appId: options.appId, paid: true, at: now });
  }
  return result;
}
