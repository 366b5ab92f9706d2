import { z } from "zod";
import { changePlan } from "@/server/services/billing/change-plan";
import { getAppUsage } from "@/server/services/billing/get-app-usage";
import { getBillingOverview } from "@/server/services/billing/get-billing-overview";
import { getCurrentInvoice } from "@/server/services/billing/get-current-invoice";
import { getInvoice } from "@/server/services/billing/get-invoice";
import { listInvoices } from "@/server/services/billing/list-invoices";
import { previewPlanChange } from "@/server/services/billing/preview-plan-change";
import { ZChangePlanRequest, ZPlanId } from "@/server/services/billing/schemas";
import { usageSeries } from "@/server/services/billing/usage-series";
import { ZAppName } from "@/server/services/names";
import { authedProcedure, createTRPCRouter } from "../init";

const ZInvoiceNumber = z.string().regex(/^\d{4}-\d{6}$/, "That is not an invoice number.");

export const billingRouter = createTRPCRouter({
  overview: authedProcedure.query(({ ctx }) => getBillingOverview(ctx.caller)),
  preview: authedProcedure
    .input(z.object({ plan: ZPlanId }))
    .query(({ ctx, input }) => previewPlanChange(ctx.caller, { plan: input.plan })),
  changePlan: authedProcedure
    .input(ZChangePlanRequest)
    .mutation(({ ctx, input }) => changePlan(ctx.caller, input)),
  currentInvoice: authedProcedure.query(({ ctx }) => getCurrentInvoice(ctx.caller)),
  invoices: authedProcedure.query(({ ctx }) => listInvoices(ctx.caller)),
  invoice: authedProcedure
    .input(z.object({ number: ZInvoiceNumber }))
    .query(({ ctx, input }) => getInvoice(ctx.caller, input.number)),
  usageSeries: authedProcedure.query(({ ctx }) => usageSeries(ctx.caller)),
  appUsage: authedProcedure
    .input(z.object({ app: ZAppName }))
    .query(({ ctx, input }) => getAppUsage(ctx.caller, { appName: input.app, period: "current" })),
});
