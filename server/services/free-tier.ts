import { AppError } from "./errors";

export const FREE_TIER_MAX_INSTANCES = 3;

/** Free-tier (unpublished) apps and their workers run at most 3 instances. */
export function assertInstancesAllowed(options: {
  published: boolean;
  instances: number;
  what: string;
}): void {
  if (!options.published && options.instances > FREE_TIER_MAX_INSTANCES) {
    throw new AppError(
      "QUOTA_REACHED",
      `Quota reached: free-tier ${options.what}s run at most ${FREE_TIER_MAX_INSTANCES} instances. Publish the app (paid plan) to run more.`,
      [{ path: "instances", message: `At most ${FREE_TIER_MAX_INSTANCES} instances on the free tier.` }],
    );
  }
}
