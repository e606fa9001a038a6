import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { requireInstanceAdmin } from "@/lib/admin-session";
import { mailStatus } from "@/lib/dal/instance-admin";
import { SendTestMail } from "./_components/send-test";

export const metadata: Metadata = { title: "Mail" };

/** Whether mail goes through SMTP or to the server log: host and port only, never SMTP_URL's password. */
export default async function AdminMailPage() {
  const admin = await requireInstanceAdmin();
  const status = mailStatus(admin);
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Mail" description="Verification links, password resets, invitations and security notices are sent by mail." />
      <Card labelledBy="smtp-title" className="space-y-4 p-5">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="smtp-title" className="text-base font-semibold text-slate-900">SMTP</h2>
          {status.configured ? <Badge tone="green">Configured</Badge> : <Badge tone="amber">Not configured</Badge>}
        </div>
        {status.configured ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
            <dt className="text-slate-500">Host</dt>
            <dd className="font-mono break-all text-slate-900">{status.host}</dd>
            <dt className="text-slate-500">Port</dt>
            <dd className="font-mono text-slate-900">{status.port}</dd>
            <dt className="text-slate-500">Connection</dt>
            <dd className="text-slate-900">{status.secure ? "TLS from the start (smtps)" : "STARTTLS when the server offers it"}</dd>
          </dl>
        ) : (
          <p className="text-sm text-slate-600">
            <code className="font-mono">SMTP_URL</code> is not set, so every message is written to the server log instead of being sent. Every flow
            still works by its link; set <code className="font-mono">SMTP_URL</code> and <code className="font-mono">MAIL_FROM</code> to send mail.
          </p>
        )}
      </Card>
      <Card labelledBy="test-title" className="space-y-3 p-5">
        <h2 id="test-title" className="text-base font-semibold text-slate-900">Test message</h2>
        <p className="text-sm text-slate-600">Sends a short message to your own address and says whether it was sent or written to the log.</p>
        <SendTestMail to={admin.email} />
      </Card>
    </div>
  );
}
