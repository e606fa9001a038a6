import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireInstanceAdmin } from "@/lib/admin-session";
import { QuotaBar } from "@/components/ui/quota-bar";
import { workspaceForAdmin } from "@/lib/dal/instance-admin";
import { listPlans, workspaceUsage } from "@/lib/dal/plans-admin";
import { recordIdSchema } from "@/lib/validation/admin";
import { ChangePlan, Overrides } from "../_components/workspace-plan";

export const metadata: Metadata = { title: "Workspace" };

const QUOTAS = [
  { resource: "keys", noun: { one: "active key", many: "active keys" } },
  { resource: "credentials", noun: { one: "credential", many: "credentials" } },
  { resource: "webhooks", noun: { one: "webhook", many: "webhooks" } },
  { resource: "members", noun: { one: "member", many: "members" } },
] as const;

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase whitespace-nowrap";
const td = "px-3 py-3 align-top text-sm max-lg:block max-lg:py-1";

/** One workspace as the admin sees it: its counts and its members. No way into its own pages unless the admin is a member. */
export default async function AdminWorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireInstanceAdmin();
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const workspace = await workspaceForAdmin(admin, id.data);
  if (!workspace) notFound();
  const [usage, plans] = await Promise.all([workspaceUsage(workspace.id), listPlans()]);
  if (!usage) notFound();

  return (
    <div className="max-w-7xl space-y-6">
      <p className="text-sm">
        <Link href="/admin/workspaces" className="text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">← All workspaces</Link>
      </p>
      <PageHeader
        title={workspace.name}
        description={
          <>
            <span className="font-mono">{workspace.slug}</span>
            {workspace.requireTwoFactor && <> · requires two-factor sign-in</>}
            {workspace.adminIsMember ? <> · you are a member: <Link className="text-indigo-700 underline" href={`/w/${workspace.slug}/settings/api-keys`}>open it</Link></> : <> · you are not a member, so its pages are closed to you</>}
          </>
        }
      />
      <Card labelledBy="usage-title" className="p-5">
        <h2 id="usage-title" className="text-base font-semibold text-slate-900">Plan and usage</h2>
        <p className="mt-1 text-sm text-slate-600">
          On <span className="font-medium text-slate-900" data-testid="workspace-plan-name">{usage.planName}</span>. Members count pending invitations ({usage.invited}). Over a limit, nothing is removed: the workspace only cannot add more.
        </p>
        <ul className="mt-4 grid gap-4 sm:grid-cols-2" data-testid="workspace-quotas">
          {QUOTAS.map(({ resource, noun }) => (
            <li key={resource}><QuotaBar id={`quota-${resource}`} quota={usage[resource]} noun={noun} /></li>
          ))}
        </ul>
        <div className="mt-6 border-t border-slate-200 pt-4">
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Change plan</h3>
          <ChangePlan workspaceId={workspace.id} planId={usage.planId} plans={plans.map((p) => ({ id: p.id, name: p.name }))} />
        </div>
      </Card>
      <Card labelledBy="overrides-title" className="p-5">
        <h2 id="overrides-title" className="text-base font-semibold text-slate-900">Limits for this workspace</h2>
        <p className="mt-1 mb-4 text-sm text-slate-600">A number here replaces the plan&apos;s limit for this workspace only, higher or lower; leave it blank to use the plan&apos;s.</p>
        <Overrides workspaceId={workspace.id} overrides={usage.overrides} planLimits={usage.planLimits} />
      </Card>
      <Card labelledBy="members-title">
        <h2 id="members-title" className="px-5 pt-4 pb-3 text-base font-semibold text-slate-900">Members</h2>
        <table className="w-full table-fixed max-lg:block">
          <colgroup className="max-lg:hidden">
            <col />
            <col className="w-32" />
            <col className="w-44" />
            <col className="w-36" />
          </colgroup>
          <thead className="border-y border-slate-200 bg-slate-50 max-lg:hidden">
            <tr>{["Person", "Role", "Status", "Joined"].map((h) => <th key={h} scope="col" className={th}>{h}</th>)}</tr>
          </thead>
          <tbody className="divide-y divide-slate-100 max-lg:block">
            {workspace.members.map((m) => (
              <tr key={m.userId} className="max-lg:block max-lg:px-2 max-lg:py-3">
                <td className={td}>
                  <div className="font-medium break-words text-slate-900">{m.name}</div>
                  <Link href={`/admin/users?${new URLSearchParams({ q: m.email })}`} className="break-all text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">{m.email}</Link>
                </td>
                <td className={`${td} capitalize`}>{m.role}</td>
                <td className={td}>
                  <span className="flex flex-wrap gap-1">
                    {m.disabled && <Badge tone="red">Disabled</Badge>}
                    {m.twoFactor ? <Badge tone="green">Two-factor on</Badge> : <Badge tone="slate">Two-factor off</Badge>}
                  </span>
                </td>
                <td className={`${td} text-slate-600`}><span className="lg:hidden">Joined </span><RelativeTime at={m.joinedAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
