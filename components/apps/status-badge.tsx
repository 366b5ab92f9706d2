import { Badge } from "@/components/ui/badge";

export type StatusBadgeProps = { status: string };

export function StatusBadge({ status }: StatusBadgeProps) {
  const tone = status === "running" ? "green" : status === "failed" ? "red" : "neutral";
  return <Badge tone={tone}>{status}</Badge>;
}
