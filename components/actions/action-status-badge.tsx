import { Badge } from "@/components/ui/badge";
import { shownStatus } from "@/server/services/actions/cancellation";

const TONES = {
  queued: "neutral",
  running: "amber",
  finished: "green",
  error: "red",
  cancelled: "neutral",
} as const;

export type ActionStatusBadgeProps = { status: string; cancelRequestedBy?: string | null };

/** An action's status; one that ended because someone cancelled it reads "cancelled". */
export function ActionStatusBadge({ status, cancelRequestedBy }: ActionStatusBadgeProps) {
  const shown = shownStatus({ status, cancelRequestedBy: cancelRequestedBy ?? null });
  return <Badge tone={TONES[shown as keyof typeof TONES] ?? "neutral"}>{shown}</Badge>;
}
