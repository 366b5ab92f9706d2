import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { cancelJob, scheduleJob } from "@/server/queue/action-queue";
import type { Caller } from "@/server/services/caller";
import { AppError, isUniqueViolation } from "@/server/services/errors";
import { appsLosingPublication } from "./apps-losing-publication";
import { applyUpgrade } from "./apply-upgrade";
import { PLAN_PERIOD_END_TASK, planPeriodJobKey } from "./billing-tasks";
import { planDirection } from "./plan-direction";
import { PLANS, type PlanId } from "./plans";
import { paymentProvider } from "./providers/payment-provider-for-platform";
import type { TChangePlanRequest } from "./schemas";

export type PlanChangeResult =
  | { status: "unchanged"; plan: PlanId }
  | { status: "applied"; plan: PlanId }
  | { status: "scheduled"; plan: PlanId; effectiveAt: Date; unpublishedApps: string[] }
  | { status: "redirect"; plan: PlanId; url: string };

type ChangeRow = { id: string; toPlan: PlanId; status: string; effectiveAt: Date };

/** The answer for a change already recorded under this idempotency key. */
function resultOf(change: ChangeRow, unpublishedApps: string[] = []): PlanChangeResult {
  if (change.status === "scheduled")
    return { status: "scheduled", plan: change.toPlan, effectiveAt: change.effectiveAt, unpublishedApps };
  return { status: "applied", plan: change.toPlan };
}

/**
 * Changes the account's plan: an upgrade applies at once (or after Stripe Checkout), a
 * downgrade at the end of the paid period, when published apps beyond the new plan's count
 * become unpublished. Every change is recorded in PlanChange (who, when, from, to).
 */
export async function changePlan(
  caller: Caller,
  request: TChangePlanRequest,
  now = new Date(),
): Promise<PlanChangeResult> {
  const db = getDb();
  const earlier = await db.planChange.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
  if (earlier && earlier.accountId === caller.accountId) return resultOf(earlier);
  if (earlier) throw new AppError("CONFLICT", "That request was already used; reload the page.");
  const account = await db.account.findUniqueOrThrow({ where: { id: caller.accountId } });
  const direction = planDirection(account.plan, request.plan);
  if (direction === "same") return keepPlan(caller, request, account.pendingPlan !== null);
  try {
    return direction === "upgrade"
      ? await upgrade(caller, request, account, now)
      : await downgrade(caller, request, account, now);
  } catch (error) {
    // The same confirmation sent twice at once: the second one reports the first one's result.
    if (isUniqueViolation(error)) {
      const first = await db.planChange.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
      if (first) return resultOf(first);
    }
    throw error;
  }
}

/** Choosing the current plan again withdraws a scheduled downgrade. */
async function keepPlan(
  caller: Caller,
  request: TChangePlanRequest,
  hadPending: boolean,
): Promise<PlanChangeResult> {
  if (hadPending) {
    await getDb().$transaction(async (tx) => {
      await tx.planChange.updateMany({
        where: { accountId: caller.accountId, status: "scheduled" },
        data: { status: "cancelled" },
      });
      await tx.account.update({ where: { id: caller.accountId }, data: { pendingPlan: null } });
    });
    await cancelJob(planPeriodJobKey(caller.accountId));
  }
  return { status: "unchanged", plan: request.plan };
}

async function upgrade(
  caller: Caller,
  request: TChangePlanRequest,
  account: { id: string; name: string; plan: PlanId },
  now: Date,
): Promise<PlanChangeResult> {
  const details = request.details;
  if (!details) {
    throw new AppError("BAD_INPUT", "Enter the billing details for the invoices.", [
      { path: "details", message: "Billing details are needed for a paid plan." },
    ]);
  }
  const provider = paymentProvider();
  const immediate = provider.id === "invoice";
  const change = await getDb().$transaction(async (tx) => {
    const profile = { ...details, vatId: details.vatId || null };
    await tx.billingProfile.upsert({
      where: { accountId: account.id },
      create: { accountId: account.id, ...profile },
      update: profile,
    });
    const row = await tx.planChange.create({
      data: {
        accountId: account.id,
        fromPlan: account.plan,
        toPlan: request.plan,
        status: immediate ? "applied" : "pending",
        requestedBy: caller.username,
        provider: provider.id,
        idempotencyKey: request.idempotencyKey,
        effectiveAt: now,
        appliedAt: immediate ? now : null,
      },
    });
    if (immediate)
      await applyUpgrade(tx, { accountId: account.id, plan: request.plan, provider: provider.id, now });
    return row;
  });
  if (immediate) {
    await cancelJob(planPeriodJobKey(account.id));
    return { status: "applied", plan: request.plan };
  }
  const started = await provider.startUpgrade({
    planChangeId: change.id,
    account,
    plan: PLANS[request.plan],
    details,
    returnUrl: `${getConfig().publicUrl}/billing`,
  });
  if (started.kind === "applied") return { status: "applied", plan: request.plan };
  await getDb().planChange.update({ where: { id: change.id }, data: { providerRef: started.reference } });
  return { status: "redirect", plan: request.plan, url: started.url };
}

async function downgrade(
  caller: Caller,
  request: TChangePlanRequest,
  account: { id: string; plan: PlanId; planPeriodEnd: Date | null },
  now: Date,
): Promise<PlanChangeResult> {
  const effectiveAt = account.planPeriodEnd && account.planPeriodEnd > now ? account.planPeriodEnd : now;
  const losing = await getDb().$transaction(async (tx) => {
    await tx.planChange.updateMany({
      where: { accountId: account.id, status: "scheduled" },
      data: { status: "cancelled" },
    });
    await tx.planChange.create({
      data: {
        accountId: account.id,
        fromPlan: account.plan,
        toPlan: request.plan,
        status: "scheduled",
        requestedBy: caller.username,
        provider: "platform",
        idempotencyKey: request.idempotencyKey,
        effectiveAt,
      },
    });
    await tx.account.update({ where: { id: account.id }, data: { pendingPlan: request.plan } });
    return appsLosingPublication(tx, { accountId: account.id, plan: request.plan });
  });
  await scheduleJob(
    PLAN_PERIOD_END_TASK,
    { accountId: account.id },
    { runAt: effectiveAt, jobKey: planPeriodJobKey(account.id) },
  );
  return { status: "scheduled", plan: request.plan, effectiveAt, unpublishedApps: losing.map((a) => a.name) };
}
