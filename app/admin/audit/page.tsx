import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireInstanceAdmin } from "@/lib/admin-session";
import { listInstanceAudit, type InstanceAuditEventDTO } from "@/lib/dal/instance-admin";
import { adminListSchema } from "@/lib/validation/admin";

export const metadata: Metadata = { title: "Audit log" };

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase whitespace-nowrap";
const td = "px-3 py-3 align-top text-sm max-lg:block max-lg:py-1";

const ACTIONS: Record<string, string> = {
  user_disabled: "Disabled an account",
  user_enabled: "Re-enabled an account",
  reset_link_issued: "Issued a password reset link",
  two_factor_reset: "Reset two-factor sign-in",
  test_mail_sent: "Sent a test message",
  plan_limits_changed: "Changed a plan's limits",
  workspace_plan_changed: "Changed a workspace's plan",
  workspace_limits_changed: "Set a workspace's own limits",
};

/** The non-secret facts an event carries, as words. */
function details(event: InstanceAuditEventDTO): string {
  const m = event.metadata;
  if (event.action === "user_disabled" && typeof m.sessionsEnded === "number") return `${m.sessionsEnded} ${m.sessionsEnded === 1 ? "session" : "sessions"} ended`;
  if (event.action === "two_factor_reset") {
    const parts = [m.authenticator === true && "authenticator app", typeof m.backupCodes === "number" && m.backupCodes > 0 && `${m.backupCodes} backup codes`, typeof m.passkeys === "number" && m.passkeys > 0 && `${m.passkeys} ${m.passkeys === 1 ? "passkey" : "passkeys"}`].filter(Boolean);
    return parts.length ? `Removed ${parts.join(", ")}` : "";
  }
  if (event.action === "test_mail_sent" && typeof m.outcome === "string") return m.outcome === "sent" ? "Sent through SMTP" : m.outcome === "logged" ? "Written to the server log" : "Failed";
  if (event.action === "plan_limits_changed" && typeof m.limits === "string") {
    const put = typeof m.putOver === "number" && m.putOver > 0 ? `; ${m.putOver} ${m.putOver === 1 ? "workspace" : "workspaces"} put over` : "";
    return `${m.limits}${put}`;
  }
  if (event.action === "workspace_plan_changed" && typeof m.plan === "string") return `Now on ${m.plan}`;
  if (event.action === "workspace_limits_changed" && typeof m.overrides === "string") return m.overrides === "none" ? "The plan's limits apply" : m.overrides;
  return "";
}

/** Every instance admin action, newest first. Never a secret: links, codes and keys are not recorded. */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireInstanceAdmin();
  const { page } = adminListSchema.parse(await searchParams);
  const log = await listInstanceAudit(admin, page);
  const current = Math.min(page, log.pages);
  const pageUrl = (n: number) => (n > 1 ? `/admin/audit?page=${n}` : "/admin/audit");
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader title="Audit log" description="What instance admins did, newest first. Links, codes and keys are never recorded." />
      <Card labelledBy="audit-title">
        <h2 id="audit-title" className="sr-only">Events</h2>
        {log.events.length === 0 ? (
          <EmptyState title="No admin actions yet">Disabling or re-enabling accounts, reset links, two-factor resets and test messages are recorded here.</EmptyState>
        ) : (
          <table className="w-full table-fixed max-lg:block">
            <colgroup className="max-lg:hidden">
              <col className="w-36" />
              <col />
              <col className="w-64" />
              <col className="w-64" />
            </colgroup>
            <thead className="border-b border-slate-200 bg-slate-50 max-lg:hidden">
              <tr>{["Time", "Action", "About", "By"].map((h) => <th key={h} scope="col" className={th}>{h}</th>)}</tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-lg:block">
              {log.events.map((event) => (
                <tr key={event.id} data-testid="instance-audit-row" className="max-lg:block max-lg:px-2 max-lg:py-3">
                  <td className={`${td} text-slate-600`}><RelativeTime at={event.createdAt} /></td>
                  <td className={td}>
                    <div className="font-medium text-slate-900">{ACTIONS[event.action] ?? event.action}</div>
                    {details(event) && <div className="text-slate-600">{details(event)}</div>}
                  </td>
                  <td className={`${td} break-all text-slate-700`}>{event.targetLabel || "—"}</td>
                  <td className={td}>
                    <div className="break-words text-slate-900">{event.actorName}</div>
                    <div className="break-all text-slate-500">{event.actorEmail}{event.ip ? ` · ${event.ip}` : ""}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {log.pages > 1 && (
          <nav aria-label="Audit log pages" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
            <span>Page {current} of {log.pages} · {log.total} events</span>
            <span className="flex gap-2">
              {current > 1 && <Link className={buttonClass("secondary")} href={pageUrl(current - 1)}>Newer</Link>}
              {current < log.pages && <Link className={buttonClass("secondary")} href={pageUrl(current + 1)}>Older</Link>}
            </span>
          </nav>
        )}
      </Card>
    </div>
  );
}
