import type { ReactNode } from "react";

export type BadgeProps = { tone?: "neutral" | "green" | "amber" | "red" | "brand"; children: ReactNode };

const TONES = {
  neutral: "bg-slate-100 text-slate-700",
  green: "bg-emerald-100 text-emerald-800",
  amber: "bg-amber-100 text-amber-800",
  red: "bg-red-100 text-red-800",
  brand: "bg-brand-100 text-brand-700",
} as const;

export function Badge({ tone = "neutral", children }: BadgeProps) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${TONES[tone]}`}>
      {children}
    </span>
  );
}
