import { getConfig } from "@/server/config";
import { AppError } from "./errors";

/** One machine has one region; the list exists so a multi-machine platform can add more. */
export function availableRegions(): string[] {
  return [getConfig().defaultRegion];
}

export function resolveRegion(region: string | undefined): string {
  const regions = availableRegions();
  if (region === undefined) return regions[0] ?? getConfig().defaultRegion;
  if (!regions.includes(region)) {
    const message = `The region ${region} does not exist here. Available: ${regions.join(", ")}.`;
    throw new AppError("BAD_INPUT", message, [{ path: "region", message }]);
  }
  return region;
}
