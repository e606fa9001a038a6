import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireInstanceAdmin } from "@/lib/admin-session";
import { workspaceForAdmin } from "@/lib/dal/instance-admin";
import { recordIdSchema } from "@/lib/validation/admin";
import { UsageCounts } from "../_components/usage-counts";

export const metadata: Metadata = { title: "Workspace" };

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase whitespace-nowrap";
const td = "px-3 py-3 align-top text-sm max-lg:block max-lg:py-1";

/** One workspace as the admin sees it: its counts and its members. No way into its own pages unless the admin is a member. */
export default async function AdminWorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireInstanceAdmin();
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const workspace = await workspaceForAdmin(admin, id.data);
  if (!workspace) notFound();

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
        <h2 id="usage-title" className="mb-3 text-base font-semibold text-slate-900">Usage</h2>
        {/* PLANS: the lead adds the plan, its limits, "Change plan" and per-workspace overrides here (lib/dal/plans.ts). */}
        <UsageCounts usage={workspace.usage} />
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
