import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { requireInstanceAdmin } from "@/lib/admin-session";
import { listWorkspacesForAdmin } from "@/lib/dal/instance-admin";
import { adminListSchema } from "@/lib/validation/admin";
import { AdminPager } from "../_components/admin-pager";
import { PlanUsage } from "./_components/plan-usage";
import { UsageCounts } from "./_components/usage-counts";

export const metadata: Metadata = { title: "Workspaces" };

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase whitespace-nowrap";
const td = "px-3 py-3 align-top text-sm max-lg:block max-lg:py-1";

/**
 * Every workspace with its owners and counts. An admin sees counts, never the keys, credentials
 * or webhooks themselves, and gets into a workspace's own pages only by being invited: nothing
 * here links into /w/<slug>/.
 */
export default async function AdminWorkspacesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireInstanceAdmin();
  const { q, page: asked } = adminListSchema.parse(await searchParams);
  const { workspaces, total, pages, page } = await listWorkspacesForAdmin(admin, { query: q, page: asked });

  return (
    <div className="max-w-7xl space-y-6">
      <PageHeader title="Workspaces" description="Every workspace on this instance, its owners and what it holds. You see counts only; a workspace's keys, credentials and webhooks are its members' to see." />
      <form action="/admin/workspaces" method="get" role="search" className="flex flex-wrap items-end gap-2">
        <div className="w-full sm:w-96">
          <label htmlFor="q" className="block text-sm font-medium text-slate-900">Name or address</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={100} className={`${inputClass} mt-1 w-full`} />
        </div>
        <button type="submit" className={buttonClass("secondary")}>Search</button>
        {q && <Link href="/admin/workspaces" className={buttonClass("ghost")}>Clear</Link>}
      </form>
      <Card labelledBy="workspaces-title">
        <h2 id="workspaces-title" className="sr-only">Workspaces</h2>
        {workspaces.length === 0 ? (
          <EmptyState title={q ? "No workspace matches" : "No workspaces yet"}>{q ? `No workspace's name or address contains “${q}”.` : "Every account gets a workspace when it signs up."}</EmptyState>
        ) : (
          <table className="w-full table-fixed max-lg:block">
            <colgroup className="max-lg:hidden">
              <col />
              <col className="w-72" />
              <col className="w-64" />
              <col className="w-[26rem]" />
            </colgroup>
            <thead className="border-b border-slate-200 bg-slate-50 max-lg:hidden">
              <tr>{["Workspace", "Owners", "Plan", "Usage"].map((h) => <th key={h} scope="col" className={th}>{h}</th>)}</tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-lg:block">
              {workspaces.map((w) => (
                <tr key={w.id} data-testid="admin-workspace-row" className="max-lg:block max-lg:px-2 max-lg:py-3">
                  <td className={td}>
                    <Link href={`/admin/workspaces/${w.id}`} className="font-medium break-words text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                      {w.name}
                    </Link>
                    <div className="font-mono text-xs break-all text-slate-500">{w.slug}</div>
                  </td>
                  <td className={td}>
                    {w.owners.length === 0 ? <span className="text-slate-500">No owner</span> : (
                      <ul className="space-y-0.5">{w.owners.map((o) => <li key={o.email} className="break-all"><span className="text-slate-900">{o.name}</span> <span className="text-slate-500">{o.email}</span></li>)}</ul>
                    )}
                  </td>
                  <td className={td}><PlanUsage plan={w.plan} usage={w.usage} /></td>
                  <td className={td}><UsageCounts usage={w.usage} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <AdminPager base="/admin/workspaces" q={q} page={page} pages={pages} total={total} noun="workspaces" label="Workspace pages" />
      </Card>
    </div>
  );
}
