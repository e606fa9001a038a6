import { Badge } from "@/components/ui/badge";
import type { AdminWorkspaceDTO } from "@/lib/dal/instance-admin";

const NOUNS = { keys: "keys", credentials: "credentials", webhooks: "webhooks", members: "members" } as const;

/** A workspace's plan in the list: its name, each limited count against its limit ("3/5 keys"), and a flag when over one. */
export function PlanUsage({ plan, usage }: { plan: AdminWorkspaceDTO["plan"]; usage: AdminWorkspaceDTO["usage"] }) {
  const used = { keys: usage.activeKeys, credentials: usage.credentials, webhooks: usage.webhooks, members: usage.members };
  const limited = (Object.keys(NOUNS) as (keyof typeof NOUNS)[]).filter((r) => plan.limits[r] !== null);
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{plan.name}</span>
        {plan.over.length > 0 && <Badge tone="amber">Over limit</Badge>}
      </div>
      {limited.length === 0 ? (
        <p className="text-xs text-slate-500">No limits</p>
      ) : (
        <ul className="flex flex-wrap gap-x-3 text-xs text-slate-600 tabular-nums">
          {limited.map((r) => (
            <li key={r} className={plan.over.includes(r) ? "font-semibold text-amber-800" : undefined}>
              {used[r]}/{plan.limits[r]} {NOUNS[r]}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
