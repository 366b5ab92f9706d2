"use client";

import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useZodForm } from "@/components/ui/use-zod-form";
import {
  ZBillingDetails,
  type TBillingDetails,
  type TBillingDetailsParsed,
} from "@/server/services/billing/schemas";

export type BillingDetailsFormProps = {
  defaults: TBillingDetails | null;
  onBack: () => void;
  onSubmit: (details: TBillingDetailsParsed) => void;
};

/** Who the invoices are for; checked field by field with the server's own schema. */
export function BillingDetailsForm({ defaults, onBack, onSubmit }: BillingDetailsFormProps) {
  const form = useZodForm(ZBillingDetails, {
    defaultValues: defaults ?? {
      name: "",
      address: "",
      postalCode: "",
      city: "",
      country: "",
      vatId: "",
      email: "",
    },
  });
  const { errors } = form.formState;
  return (
    <form
      noValidate
      aria-label="Billing details"
      onSubmit={(event) => void form.handleSubmit(onSubmit)(event)}
      className="space-y-4"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <TextField
            label="Name or company"
            autoComplete="organization"
            error={errors.name?.message}
            {...form.register("name")}
          />
        </div>
        <div className="sm:col-span-2">
          <TextField
            label="Street address"
            autoComplete="street-address"
            error={errors.address?.message}
            {...form.register("address")}
          />
        </div>
        <TextField
          label="Postal code"
          autoComplete="postal-code"
          error={errors.postalCode?.message}
          {...form.register("postalCode")}
        />
        <TextField
          label="City"
          autoComplete="address-level2"
          error={errors.city?.message}
          {...form.register("city")}
        />
        <TextField
          label="Country code"
          autoComplete="country"
          maxLength={2}
          hint="Two letters: NL, DE, US…"
          error={errors.country?.message}
          {...form.register("country")}
        />
        <TextField
          label="VAT id (optional)"
          hint="Businesses in the EU: reverse-charged VAT."
          error={errors.vatId?.message}
          {...form.register("vatId")}
        />
        <div className="sm:col-span-2">
          <TextField
            label="Invoice e-mail"
            type="email"
            autoComplete="email"
            error={errors.email?.message}
            {...form.register("email")}
          />
        </div>
      </div>
      <div className="flex flex-wrap justify-between gap-2">
        <Button variant="secondary" onClick={onBack}>
          Back to plans
        </Button>
        <Button type="submit">Review the change</Button>
      </div>
    </form>
  );
}
