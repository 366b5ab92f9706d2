import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { notFound } from "@/server/services/errors";
import type { PlanId } from "@/server/services/billing/plans";

export type AccountView = {
  id: string;
  name: string;
  plan: PlanId;
  planUpgradeUri: string;
  createdAt: Date;
};

export function planUpgradeUri(account: { name: string; planUpgradeKey: string }): string {
  const query = new URLSearchParams({ key: account.planUpgradeKey, code: account.name });
  return `${getConfig().publicUrl}/billing/upgrade?${query.toString()}`;
}

export async function getAccount(options: { accountId: string }): Promise<AccountView> {
  const account = await getDb().account.findUnique({ where: { id: options.accountId } });
  if (!account) throw notFound("Account");
  return {
    id: account.id,
    name: account.name,
    plan: account.plan,
    planUpgradeUri: planUpgradeUri(account),
    createdAt: account.createdAt,
  };
}
