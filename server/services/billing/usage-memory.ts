import { PLANS, type PlanId } from "./plans";

/** Unpublished apps run (and are metered) as free-tier instances whatever the account's plan. */
export const FREE_TIER_MEMORY_PLAN: PlanId = "FREE";

export function usageMemoryMb(plan: PlanId): number {
  return PLANS[plan].instanceMemoryMb;
}
