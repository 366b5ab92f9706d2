import { Badge } from "@/components/ui/badge";

const TONES = { queued: "neutral", running: "amber", finished: "green", error: "red" } as const;

export function ActionStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status as keyof typeof TONES] ?? "neutral"}>{status}</Badge>;
}
