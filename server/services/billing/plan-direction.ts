import { PLANS, type PlanId } from "./plans";

/** Upgrades apply at once; downgrades (and cancelling to FREE) at the end of the paid period. */
export function planDirection(from: PlanId, to: PlanId): "same" | "upgrade" | "downgrade" {
  if (from === to) return "same";
  return PLANS[to].monthlyPriceCents > PLANS[from].monthlyPriceCents ? "upgrade" : "downgrade";
}
