import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireInstanceAdmin } from "@/lib/admin-session";
import { searchUsers, type AdminUserDTO } from "@/lib/dal/instance-admin";
import { adminListSchema } from "@/lib/validation/admin";
import { AdminPager } from "../_components/admin-pager";
import { UserActions } from "./_components/user-actions";

export const metadata: Metadata = { title: "Users" };

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase whitespace-nowrap";
const td = "px-3 py-3 align-top text-sm max-lg:block max-lg:py-1";

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireInstanceAdmin();
  const { q, page: asked } = adminListSchema.parse(await searchParams);
  const { users, total, pages, page } = await searchUsers(admin, { query: q, page: asked });

  return (
    <div className="max-w-7xl space-y-6">
      <PageHeader
        title="Users"
        description="Every account on this instance. Disabling one signs it out everywhere and stops its member keys; every action here asks you to confirm it's you and is in the audit log."
      />
      <form action="/admin/users" method="get" role="search" className="flex flex-wrap items-end gap-2">
        <div className="w-full sm:w-96">
          <label htmlFor="q" className="block text-sm font-medium text-slate-900">Email or name</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={100} className={`${inputClass} mt-1 w-full`} />
        </div>
        <button type="submit" className={buttonClass("secondary")}>Search</button>
        {q && <Link href="/admin/users" className={buttonClass("ghost")}>Clear</Link>}
      </form>
      <Card labelledBy="users-title">
        <h2 id="users-title" className="sr-only">Accounts</h2>
        {users.length === 0 ? (
          <EmptyState title={q ? "No account matches" : "No accounts yet"}>{q ? `Nobody's email or name contains “${q}”.` : "Accounts appear here once people sign up."}</EmptyState>
        ) : (
          <table className="w-full table-fixed max-lg:block">
            <colgroup className="max-lg:hidden">
              <col />
              <col className="w-64" />
              <col className="w-40" />
              <col className="w-44" />
              <col className="w-32" />
              <col className="w-16" />
            </colgroup>
            <thead className="border-b border-slate-200 bg-slate-50 max-lg:hidden">
              <tr>
                {["Person", "Workspaces", "Two-factor", "Status", "Last seen"].map((h) => <th key={h} scope="col" className={th}>{h}</th>)}
                <th scope="col" className={th}><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-lg:block">
              {users.map((user) => <UserRow key={user.id} user={user} isYou={user.id === admin.id} />)}
            </tbody>
          </table>
        )}
        <AdminPager base="/admin/users" q={q} page={page} pages={pages} total={total} noun="accounts" label="User pages" />
      </Card>
    </div>
  );
}

function UserRow({ user, isYou }: { user: AdminUserDTO; isYou: boolean }) {
  const factors = [user.twoFactor.authenticator && "authenticator app", user.twoFactor.passkeys > 0 && (user.twoFactor.passkeys === 1 ? "1 passkey" : `${user.twoFactor.passkeys} passkeys`)].filter(Boolean);
  return (
    <tr data-testid="admin-user-row" className="max-lg:relative max-lg:block max-lg:px-2 max-lg:py-3">
      <td className={`${td} max-lg:pr-12`}>
        <div className="font-medium break-words text-slate-900">
          {user.name}
          {isYou && <span className="font-normal text-slate-500"> (you)</span>}
        </div>
        <div className="break-all text-slate-600">{user.email}</div>
        {user.admin && <div className="mt-1"><Badge tone="slate">Instance admin</Badge></div>}
      </td>
      <td className={td}>
        {user.workspaces.length === 0 ? (
          <span className="text-slate-500">None</span>
        ) : (
          <ul className="space-y-0.5">
            {user.workspaces.map((w) => (
              <li key={w.id} className="break-words">
                {/* To the workspace's admin summary, never into its own pages (/w/<slug>/). */}
                <Link href={`/admin/workspaces/${w.id}`} className="text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">{w.name}</Link>{" "}
                <span className="text-slate-500">· {w.role}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className={td}>
        <span className="lg:hidden text-slate-500">Two-factor: </span>
        {user.twoFactor.on ? <Badge tone="green">On</Badge> : <Badge tone="slate">Off</Badge>}
        {factors.length > 0 && <div className="mt-1 text-xs text-slate-600">{factors.join(", ")}</div>}
      </td>
      <td className={td}>
        <span className="flex flex-wrap gap-1">
          {user.disabledAt ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
          {user.verified ? <Badge tone="green">Verified</Badge> : <Badge tone="amber">Unverified</Badge>}
        </span>
      </td>
      <td className={`${td} text-slate-600`}>
        <span className="lg:hidden">Last seen </span>
        {user.lastSeenAt ? <RelativeTime at={user.lastSeenAt} /> : "never"}
      </td>
      <td className={`${td} text-right max-lg:absolute max-lg:top-3 max-lg:right-2`}>
        <UserActions user={{ id: user.id, name: user.name, email: user.email, disabled: user.disabledAt !== null, twoFactor: user.twoFactor.on || user.twoFactor.authenticator }} isYou={isYou} />
      </td>
    </tr>
  );
}
