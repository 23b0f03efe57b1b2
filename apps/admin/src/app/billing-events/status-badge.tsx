import { Badge } from "@saas/ui";

const TONES: Record<string, "neutral" | "success" | "warning" | "danger"> = {
  processed: "success",
  ignored: "neutral",
  pending: "neutral",
  unmatched: "warning",
  failed: "danger",
  dead: "danger",
};

export function EventStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status] ?? "neutral"}>{status}</Badge>;
}
