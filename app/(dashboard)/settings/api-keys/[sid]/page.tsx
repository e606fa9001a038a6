import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Card, PageHeader } from "@/components/ui/card";
import { getKey } from "@/lib/dal/keys";
import { formatDateTime, formatRelative } from "@/lib/format";
import { requireViewer } from "@/lib/session";
import { sidSchema } from "@/lib/validation/keys";
import { LastUsed } from "../_components/keys-table";
import { OneTimeSecret } from "../_components/one-time-secret";
import { RevokeKeyDialog } from "../_components/revoke-key-dialog";
import { StatusBadge } from "../_components/status-badge";

export const metadata: Metadata = { title: "API Key" };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="px-5 py-3.5 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}

const When = ({ at }: { at: Date }) => (
  <>
    <time dateTime={at.toISOString()}>{formatDateTime(at)}</time> <span className="text-slate-500">({formatRelative(at)})</span>
  </>
);

export default async function KeyPage({ params }: { params: Promise<{ sid: string }> }) {
  const { sid } = await params;
  const viewer = await requireViewer(`/settings/api-keys/${encodeURIComponent(sid)}`);
  const parsed = sidSchema.safeParse(sid);
  // Not yours and does not exist are the same 404: a sid reveals nothing about other accounts.
  const key = parsed.success ? await getKey(viewer, parsed.data) : null;
  if (!key) notFound();

  return (
    <div className="max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/settings/api-keys" className="hover:text-slate-700">API Keys</Link> / {key.name}
      </nav>
      <OneTimeSecret sid={key.sid} />
      <PageHeader
        title={key.name}
        description={<code className="font-mono text-xs">{key.sid}</code>}
        actions={<RevokeKeyDialog sid={key.sid} name={key.name} revoked={key.status === "revoked"} />}
      />
      <Card>
        <dl className="divide-y divide-slate-100">
          <Row label="Status"><StatusBadge status={key.status} /></Row>
          <Row label="Name">{key.name}</Row>
          <Row label="Description">{key.description || <span className="text-slate-400">No description</span>}</Row>
          <Row label="Sid"><code className="font-mono text-xs">{key.sid}</code></Row>
          <Row label="Prefix"><code className="font-mono text-xs">{key.prefix}…</code></Row>
          <Row label="Created"><When at={key.createdAt} /></Row>
          <Row label="Expiry Date">{key.expiresAt ? <When at={key.expiresAt} /> : "Never"}</Row>
          <Row label="Last used"><LastUsed at={key.lastUsedAt} /></Row>
          {key.revokedAt && <Row label="Revoked"><When at={key.revokedAt} /></Row>}
        </dl>
      </Card>
      <p className="text-sm text-slate-500">
        The secret of a key is shown only once, when it is created. If it is lost, revoke this key and create a new one.
      </p>
    </div>
  );
}
