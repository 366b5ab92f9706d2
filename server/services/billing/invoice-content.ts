import { PLANS } from "./plans";
import { plansInPeriod } from "./plans-in-period";
import { usageLines, type UsageLine } from "./usage-lines";

export type InvoiceContent = { free: UsageLine[]; paid: UsageLine[]; totalCents: number };

/**
 * An invoice's lines: each paid plan in force during the month (billed in full for the
 * month, as the invoice provider bills an upgrade at once), paid usage with the instance-hours
 * beyond the plan's included hours, and the free usage for information (never charged).
 */
export async function invoiceContent(options: {
  accountId: string;
  start: Date;
  end: Date;
  now: Date;
}): Promise<InvoiceContent> {
  const usage = await usageLines(options);
  const plans = (await plansInPeriod(options)).map((id) => PLANS[id]).filter((p) => p.monthlyPriceCents > 0);
  const subscription: UsageLine[] = plans.map((plan) => ({
    item: `${plan.name} plan`,
    quantity: 1,
    unit: "month",
    amountCents: plan.monthlyPriceCents,
  }));
  const best = plans.reduce<(typeof plans)[number] | null>(
    (top, plan) => (!top || plan.includedInstanceHours > top.includedInstanceHours ? plan : top),
    null,
  );
  const extraHours = best ? Math.max(0, usage.paidInstanceHours - best.includedInstanceHours) : 0;
  const extra: UsageLine[] =
    best && extraHours > 0
      ? [
          {
            item: "Instance-hours beyond the plan",
            quantity: Math.round(extraHours * 100) / 100,
            unit: "hours",
            amountCents: Math.round(extraHours * best.extraInstanceHourCents),
          },
        ]
      : [];
  const paid = [...subscription, ...usage.paid, ...extra];
  const totalCents = paid.reduce((sum, line) => sum + (line.amountCents ?? 0), 0);
  return { free: usage.free, paid, totalCents };
}
