"use client";

import type { TMetricsPeriod } from "@/server/services/metrics/schemas";

export const PERIOD_LABELS: Record<TMetricsPeriod, { short: string; long: string; step: string }> = {
  "1h": { short: "1 hour", long: "in the last hour", step: "minute" },
  "6h": { short: "6 hours", long: "in the last 6 hours", step: "minute" },
  "24h": { short: "24 hours", long: "in the last 24 hours", step: "5 minutes" },
  "7d": { short: "7 days", long: "in the last 7 days", step: "hour" },
};

export type PeriodPickerProps = { value: TMetricsPeriod; onChange: (period: TMetricsPeriod) => void };

/** Radio buttons drawn as a segmented control: arrow keys move between them, as radios do. */
export function PeriodPicker({ value, onChange }: PeriodPickerProps) {
  return (
    <fieldset>
      <legend className="sr-only">Period</legend>
      <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
        {(Object.keys(PERIOD_LABELS) as TMetricsPeriod[]).map((period) => (
          <label
            key={period}
            className={`relative cursor-pointer rounded px-3 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 ${
              value === period ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100"
            }`}
          >
            <input
              type="radio"
              name="metrics-period"
              value={period}
              checked={value === period}
              onChange={() => onChange(period)}
              // Transparent over its label: clicks and taps land on the radio itself.
              className="absolute inset-0 cursor-pointer appearance-none opacity-0"
            />
            {PERIOD_LABELS[period].short}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
