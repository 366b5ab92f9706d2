import { AppError } from "@/server/services/errors";
import { FREE_TIER, PLANS, type PlanId } from "./plans";

export type AppLimits = {
  maxInstances: number;
  /** CNAMEs may be configured (they are routed only once the app is published). */
  cnamesAllowed: boolean;
  /** Stopped automatically some hours after each deploy. */
  autoStop: boolean;
};

/**
 * The one rule of the free tier: every unpublished app runs at most 3 instances and stops
 * after its last deploy; on a FREE account it also takes no CNAMEs. Publishing (paid plans
 * only) lifts all three up to the plan's own limits.
 */
export function appLimits(options: { plan: PlanId; published: boolean }): AppLimits {
  if (options.published) {
    return {
      maxInstances: PLANS[options.plan].publishedAppMaxInstances,
      cnamesAllowed: true,
      autoStop: false,
    };
  }
  return { maxInstances: FREE_TIER.maxInstances, cnamesAllowed: options.plan !== "FREE", autoStop: true };
}

/** Throws QUOTA_REACHED (REST: 403 `Quota reached.`) when a change would exceed the app's limits. */
export function assertWithinAppLimits(options: {
  plan: PlanId;
  published: boolean;
  what: "app" | "worker";
  instances?: number;
  cnames?: readonly string[];
}): void {
  const limits = appLimits(options);
  if (options.instances !== undefined && options.instances > limits.maxInstances) {
    const message = options.published
      ? `Quota reached: on the ${PLANS[options.plan].name} plan a published ${options.what} runs at most ${limits.maxInstances} instances.`
      : `Quota reached: free-tier ${options.what}s run at most ${limits.maxInstances} instances. Upgrade your plan and publish the app to run more.`;
    throw new AppError("QUOTA_REACHED", message, [
      {
        path: "instances",
        message: options.published
          ? `At most ${limits.maxInstances} instances on the ${PLANS[options.plan].name} plan.`
          : `At most ${limits.maxInstances} instances on the free tier.`,
      },
    ]);
  }
  if (options.cnames && options.cnames.length > 0 && !limits.cnamesAllowed) {
    throw new AppError(
      "QUOTA_REACHED",
      "Quota reached: free-tier apps serve only their platform host name. Upgrade your plan to add custom domains.",
      [{ path: "cname_records", message: "Custom domains need a paid plan." }],
    );
  }
}
