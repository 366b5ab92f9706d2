import { z } from "zod";

export const ZPlanId = z.enum(["FREE", "STANDARD", "TEAM"], { error: "Choose a plan." });

/** Where invoices go; the same schema checks the upgrade form in the browser. */
export const ZBillingDetails = z.object({
  name: z.string().trim().min(2, "Enter the name invoices are made out to.").max(200),
  address: z.string().trim().min(3, "Enter the street address.").max(300),
  postalCode: z
    .string()
    .trim()
    .min(2, "Enter the postal code.")
    .max(20)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, "A postal code has letters, digits, spaces or hyphens."),
  city: z.string().trim().min(1, "Enter the city.").max(120),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Use the two-letter country code (NL, DE, US…)."),
  vatId: z
    .string()
    .trim()
    .toUpperCase()
    .transform((v) => v.replace(/[\s.-]/g, ""))
    .refine(
      (v) => v === "" || /^[A-Z]{2}[A-Z0-9]{2,13}$/.test(v),
      "A VAT id starts with its country code, e.g. NL123456789B01.",
    )
    .optional(),
  email: z.string().trim().email("Enter the e-mail address invoices are sent to.").max(254),
});
export type TBillingDetails = z.input<typeof ZBillingDetails>;
export type TBillingDetailsParsed = z.output<typeof ZBillingDetails>;

export const ZChangePlanRequest = z.object({
  plan: ZPlanId,
  details: ZBillingDetails.optional(),
  /** One per confirmation screen: sending the same request twice changes the plan once. */
  idempotencyKey: z.string().min(8).max(100),
});
export type TChangePlanRequest = z.output<typeof ZChangePlanRequest>;
