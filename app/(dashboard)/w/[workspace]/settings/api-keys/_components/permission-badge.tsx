import { Badge } from "@/components/ui/badge";
import { PERMISSION_LABELS, type Permission } from "@/lib/keys/permissions";

export function PermissionBadge({ permission }: { permission: Permission }) {
  return <Badge tone={permission === "read" ? "slate" : "amber"}>{PERMISSION_LABELS[permission]}</Badge>;
}
