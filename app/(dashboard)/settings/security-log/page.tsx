import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { auditedKeys, listAuditEvents, type AuditAction } from "@/lib/dal/audit";
import { formatDateTime } from "@/lib/format";
import { requireViewer } from "@/lib/session";
import { securityLogSchema } from "@/lib/validation/keys";

export const metadata: Metadata = { title: "Security log" };

const ACTIONS: Record<AuditAction, [string, "green" | "amber" | "slate" | "red"]> = {
  created: ["Created", "green"],
  edited: ["Edited", "slate"],
  rolled: ["Rolled", "amber"],
  revoked: ["Revoked", "red"],
  deleted: ["Deleted", "red"],
  permission_denied: ["Permission denied", "red"],
  limit_reached: ["Limit reached", "amber"],
  leaked: ["Reported leaked", "red"],
};

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase";
const td = "px-3 py-3 text-sm text-slate-700 align-top";

export default async function SecurityLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { key, page } = securityLogSchema.parse(await searchParams);
  const viewer = await requireViewer(`/settings/security-log${key ? `?key=${key}` : ""}`);
  const [log, keys] = await Promise.all([listAuditEvents(viewer, { keySid: key, page }), auditedKeys(viewer)]);
  const pageUrl = (n: number) => `/settings/security-log?${new URLSearchParams({ ...(key ? { key } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;

  return (
    <div className="space-y-6">
      <PageHeader title="Security log" description="Every event of your keys, newest first. Secrets are never recorded." />
      <Form action="/settings/security-log" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="key" className="block text-sm font-medium text-slate-900">Key</label>
          <select id="key" name="key" defaultValue={key ?? ""} className={`${inputClass} mt-1 min-w-64`}>
            <option value="">All keys</option>
            {keys.map((k) => <option key={k.sid} value={k.sid}>{k.name} ({k.sid})</option>)}
          </select>
        </div>
        <button type="submit" className={buttonClass("secondary")}>Filter</button>
        {key && <Link href="/settings/security-log" className={buttonClass("ghost")}>Clear</Link>}
      </Form>
      <Card labelledBy="events-title">
        <h2 id="events-title" className="sr-only">Events</h2>
        {log.events.length === 0 ? (
          <EmptyState title="No events yet">Creating, editing, rolling, revoking and deleting keys is recorded here.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>{["Time", "Event", "Key", "Actor", "IP", "Details"].map((h) => <th key={h} scope="col" className={th}>{h}</th>)}</tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {log.events.map((event) => {
                  const [label, tone] = ACTIONS[event.action] ?? [event.action, "slate"];
                  return (
                    <tr key={event.id}>
                      <td className={`${td} whitespace-nowrap`}><time dateTime={event.createdAt.toISOString()}>{formatDateTime(event.createdAt)}</time></td>
                      <td className={td}><Badge tone={tone}>{label}</Badge></td>
                      <td className={td}>
                        {event.keySid ? (
                          <>
                            <span className="font-medium text-slate-900">{event.keyName}</span>
                            <br />
                            <Link href={`/settings/security-log?key=${event.keySid}`} className="font-mono text-xs text-indigo-600 hover:underline">{event.keySid}</Link>
                          </>
                        ) : (
                          <span className="text-slate-400">—</span>
                        )}
                      </td>
                      <td className={td}>
                        {event.actorType === "session" ? "You (browser)" : event.actorType === "public" ? "Leak report" : <>API key <code className="font-mono text-xs">{event.actorSid}</code></>}
                      </td>
                      <td className={td}><code className="font-mono text-xs">{event.ip ?? "—"}</code></td>
                      <td className={`${td} max-w-md`}>{event.detail}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {log.pages > 1 && (
          <nav aria-label="Security log pages" className="flex items-center justify-between border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
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
