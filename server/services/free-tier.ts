import type { PrismaTypes } from "@/server/db/client";
import { assertWithinAppLimits } from "@/server/services/billing/app-limits";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * The free-tier check every path calls (create, update, scale, deploy, CNAMEs, worker):
 * loads the account's plan and applies the one rule of billing/app-limits.ts.
 */
export async function assertFreeTierAllows(
  tx: Tx,
  options: {
    app: { accountId: string; published: boolean };
    what: "app" | "worker";
    instances?: number;
    cnames?: readonly string[];
  },
): Promise<void> {
  const account = await tx.account.findUniqueOrThrow({
    where: { id: options.app.accountId },
    select: { plan: true },
  });
  assertWithinAppLimits({
    plan: account.plan,
    published: options.app.published,
    what: options.what,
    instances: options.instances,
    cnames: options.cnames,
  });
}
