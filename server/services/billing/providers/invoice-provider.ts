import type { PaymentProvider } from "./payment-provider";

/** Billed by invoice at the end of each month: nothing to collect now. */
export const invoiceProvider: PaymentProvider = {
  id: "invoice",
  startUpgrade: () => Promise.resolve({ kind: "applied" }),
};
