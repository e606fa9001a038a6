import type { Metadata } from "next";
import Form from "@/components/workspace/form";
import Link from "@/components/workspace/link";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { auditedKeys, auditedMembers, listAuditEvents } from "@/lib/dal/audit";
import { requireViewer } from "@/lib/session";
import { securityLogSchema } from "@/lib/validation/keys";
import { EventRow } from "./_components/event-row";

export const metadata: Metadata = { title: "Security log" };

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase whitespace-nowrap";

export default async function SecurityLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { key, member, page } = securityLogSchema.parse(await searchParams);
  const filters = { ...(key ? { key } : {}), ...(member ? { member } : {}) };
  const viewer = await requireViewer(`/settings/security-log?${new URLSearchParams(filters)}`);
  const [log, keys, members] = await Promise.all([listAuditEvents(viewer, { keySid: key, memberId: member, page }), auditedKeys(viewer), auditedMembers(viewer)]);
  const pageUrl = (n: number) => `/settings/security-log?${new URLSearchParams({ ...filters, ...(n > 1 ? { page: String(n) } : {}) })}`;
  const description =
    log.scope === "all"
      ? "Every event of this workspace's keys and members, newest first. Secrets are never recorded."
      : log.scope === "own"
        ? "Your own events in this workspace, newest first. Admins and Owners see everyone's."
        : "Viewers do not see the security log. Ask an Admin or Owner of this workspace.";

  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader title="Security log" description={description} />
      {log.scope !== "none" && (
      <Form action="/settings/security-log" className="flex flex-wrap items-end gap-2">
        <div className="w-full sm:w-80">
          <label htmlFor="key" className="block text-sm font-medium text-slate-900">Key</label>
          {/* w-full: a select is otherwise as wide as its longest option, wider than a phone. */}
          <select id="key" name="key" defaultValue={key ?? ""} className={`${inputClass} mt-1 w-full`}>
            <option value="">All keys</option>
            {keys.map((k) => <option key={k.sid} value={k.sid}>{k.name} ({k.sid})</option>)}
          </select>
        </div>
        {members.length > 0 && (
          <div className="w-full sm:w-64">
            <label htmlFor="member" className="block text-sm font-medium text-slate-900">Member</label>
            <select id="member" name="member" defaultValue={member ?? ""} className={`${inputClass} mt-1 w-full`}>
              <option value="">Everyone</option>
              {members.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.email})</option>)}
            </select>
          </div>
        )}
        <button type="submit" className={buttonClass("secondary")}>Filter</button>
        {(key || member) && <Link href="/settings/security-log" className={buttonClass("ghost")}>Clear</Link>}
      </Form>
      )}
      <Card labelledBy="events-title">
        <h2 id="events-title" className="sr-only">Events</h2>
        {log.events.length === 0 ? (
          <EmptyState title={log.scope === "none" ? "Not available to Viewers" : "No events yet"}>
            {log.scope === "none"
              ? "The security log names people and addresses, so only Admins and Owners see all of it, and Members their own events."
              : "Creating, editing, rolling, revoking and deleting keys, and membership changes, are recorded here."}
          </EmptyState>
        ) : (
          <table className="w-full table-fixed max-lg:block">
            <colgroup className="max-lg:hidden">
              <col className="w-32" />
              <col />
              <col className="w-52" />
              <col className="w-56" />
            </colgroup>
            <thead className="border-b border-slate-200 bg-slate-50 max-lg:hidden">
              <tr>{["Time", "Event", "Key", "By"].map((h) => <th key={h} scope="col" className={th}>{h}</th>)}</tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-lg:block">
              {log.events.map((event) => <EventRow key={event.id} event={event} />)}
            </tbody>
          </table>
        )}
        {log.pages > 1 && (
          <nav aria-label="Security log pages" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
            <span>Page {page} of {log.pages} · {log.total} events</span>
            <span className="flex gap-2">
              {page > 1 && <Link className={buttonClass("secondary")} href={pageUrl(page - 1)}>Newer</Link>}
              {page < log.pages && <Link className={buttonClass("secondary")} href={pageUrl(page + 1)}>Older</Link>}
            </span>
          </nav>
        )}
      </Card>
    </div>
  );
}
