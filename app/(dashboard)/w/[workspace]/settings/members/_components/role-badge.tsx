import { cn } from "@/components/ui/cn";
import { ROLE_LABELS, type Role } from "@/lib/workspaces/roles";

/** A role as a badge: indigo for the roles that manage others (Owner, Admin), slate for the rest. */
export function RoleBadge({ role }: { role: Role }) {
  const manages = role === "owner" || role === "admin";
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        manages ? "bg-indigo-50 text-indigo-700 ring-indigo-600/20" : "bg-slate-100 text-slate-700 ring-slate-500/20",
      )}
    >
      {ROLE_LABELS[role]}
    </span>
  );
}
