import Link from "next/link";
import { Fragment } from "react";

/**
 * Apps / {app} / {page}: every step but the last is a link back (not to an app that is
 * `gone`: a deleted app's logbook).
 */
export function Breadcrumbs({ appName, page, gone }: { appName: string; page?: string; gone?: boolean }) {
  const steps: { label: string; href?: string }[] = [
    { label: "Apps", href: "/apps" },
    { label: appName, href: page && !gone ? `/apps/${appName}` : undefined },
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
