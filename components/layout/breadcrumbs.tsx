import Link from "next/link";
import { Fragment } from "react";

/** Apps / {app} / {page}: every step but the last is a link back. */
export function Breadcrumbs({ appName, page }: { appName: string; page?: string }) {
  const steps: { label: string; href?: string }[] = [
    { label: "Apps", href: "/apps" },
    { label: appName, href: page ? `/apps/${appName}` : undefined },
    ...(page ? [{ label: page }] : []),
  ];
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
      {steps.map((step, index) => (
        <Fragment key={step.label + index}>
          {index > 0 && " / "}
          {step.href ? (
            <Link href={step.href} className="hover:underline">
              {step.label}
            </Link>
          ) : (
            <span className="text-slate-700">{step.label}</span>
          )}
        </Fragment>
      ))}
    </nav>
  );
}
