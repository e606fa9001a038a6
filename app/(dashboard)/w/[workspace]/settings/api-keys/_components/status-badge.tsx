import { Badge } from "@/components/ui/badge";
import type { KeyStatus } from "@/lib/dal/keys";

const LABELS: Record<KeyStatus, [string, "green" | "amber" | "slate"]> = {
  active: ["Active", "green"],
  expired: ["Expired", "amber"],
  revoked: ["Revoked", "slate"],
};

export function StatusBadge({ status }: { status: KeyStatus }) {
  const [label, tone] = LABELS[status];
  return <Badge tone={tone}>{label}</Badge>;
}
