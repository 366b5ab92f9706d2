import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { UPGRADE_PATH } from "./format";

export type QuotaAwareAlertProps = { message: string };

/** An error message; when a plan limit caused it, with the way out: the upgrade page. */
export function QuotaAwareAlert({ message }: QuotaAwareAlertProps) {
  const limit = /^Quota reached|paid plan|Upgrade/i.test(message);
  return (
    <Alert tone="error" title={limit ? "Plan limit reached" : undefined}>
      <p>{message}</p>
      {limit && (
        <Link href={UPGRADE_PATH} className="mt-1 inline-block font-medium text-brand-700 underline">
          Compare plans and upgrade
        </Link>
      )}
    </Alert>
  );
}
