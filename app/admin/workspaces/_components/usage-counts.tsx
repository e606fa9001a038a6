import type { AdminWorkspaceDTO } from "@/lib/dal/instance-admin";

/** A workspace's counts as a small list: members, active keys, credentials, webhooks. */
export function UsageCounts({ usage }: { usage: AdminWorkspaceDTO["usage"] }) {
  const items: [string, number][] = [
    ["Members", usage.members],
    ["Active keys", usage.activeKeys],
    ["Credentials", usage.credentials],
    ["Webhooks", usage.webhooks],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs text-slate-500">{label}</dt>
          <dd className="font-medium text-slate-900 tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
