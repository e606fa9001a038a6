import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { notFound } from "next/navigation";
import { listMembers } from "@/lib/dal/members";
import { PERMISSION_LABELS } from "@/lib/keys/permissions";
import { canManageKey, cappedPermission, ROLE_LABELS } from "@/lib/workspaces/roles";
import type { ReactNode } from "react";
import { Card, PageHeader } from "@/components/ui/card";
import { countKeysCreatedBy } from "@/lib/dal/key-changes";
import { getKey, type KeyDTO } from "@/lib/dal/keys";
import { usageBySid, usageTotals } from "@/lib/dal/usage";
import { CopyableId } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatAddress } from "@/lib/format";
import { requireViewer } from "@/lib/session";
import { sidSchema } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { DeleteKeyInline } from "../_components/delete-key-inline";
import { KeyDetails } from "../_components/edit-key-form";
import { EndGraceDialog } from "../_components/end-grace-dialog";
import { LastUsed } from "../_components/keys-table";
import { OneTimeSecret } from "../_components/one-time-secret";
import { PermissionBadge } from "../_components/permission-badge";
import { RevokeKeyDialog } from "../_components/revoke-key-dialog";
import { RollKeyDialog } from "../_components/roll-key-dialog";
import { StatusBadge } from "../_components/status-badge";
import { UsageChart } from "../_components/usage-chart";

export const metadata: Metadata = { title: "API Key" };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="px-5 py-3.5 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}

const When = ({ at }: { at: Date }) => <RelativeTime at={at} />;

const KeyLink = ({ sid }: { sid: string }) => (
  <Link href={`/settings/api-keys/${sid}`} className="font-mono text-xs font-medium text-indigo-700 underline">
    {sid}
  </Link>
);

function Notice({ tone, children }: { tone: "amber" | "indigo"; children: ReactNode }) {
  const style = tone === "amber" ? "bg-amber-50 text-amber-900 ring-amber-200" : "bg-indigo-50 text-indigo-900 ring-indigo-200";
  return <div role="status" className={`rounded-md px-4 py-3 text-sm ring-1 ${style}`}>{children}</div>;
}

/** Both sides of a roll: which secret replaces which, and when the old one stops. */
async function RollNotice({ viewer, keyDTO }: { viewer: Viewer; keyDTO: KeyDTO }) {
  if (keyDTO.rolledToSid && keyDTO.expiresAt) {
    const ended = keyDTO.status !== "active";
    return (
      <Notice tone="indigo">
        Rolled into <KeyLink sid={keyDTO.rolledToSid} />. This key’s secret {ended ? "stopped working" : "keeps working until"}{" "}
        <strong><When at={keyDTO.expiresAt} /></strong>.
      </Notice>
    );
  }
  if (keyDTO.rolledFromSid) {
    const old = await getKey(viewer, keyDTO.rolledFromSid);
    const oldEnd = old?.expiresAt;
    return (
      <Notice tone="indigo">
        Replaces <KeyLink sid={keyDTO.rolledFromSid} />
        {old && oldEnd && (
          <>, whose secret {old.status === "active" ? "keeps working until" : "stopped working"} <strong><When at={oldEnd} /></strong></>
        )}
        .
      </Notice>
    );
  }
  return null;
}

export default async function KeyPage({ params }: { params: Promise<{ sid: string }> }) {
  const { sid } = await params;
  const viewer = await requireViewer(`/settings/api-keys/${encodeURIComponent(sid)}`);
  const parsed = sidSchema.safeParse(sid);
  // Not yours and does not exist are the same 404: a sid reveals nothing about other accounts.
  const key = parsed.success ? await getKey(viewer, parsed.data) : null;
  if (!key) notFound();
  const [usage, totals, created, members] = await Promise.all([
    usageBySid(viewer, [key.sid]),
    usageTotals(viewer, key.sid),
    countKeysCreatedBy(viewer, key.sid),
    listMembers(viewer),
  ]);
  const member = key.memberId ? members.find((m) => m.userId === key.memberId) ?? null : null;
  const creator = key.createdById ? members.find((m) => m.userId === key.createdById)?.name ?? "A former member" : null;
  // A member key may do its own permission capped by its member's current role (lib/workspaces/roles.ts).
  const effective = key.kind === "service" ? key.permission : member ? cappedPermission(key.permission, member.role) : null;
  // What the viewer's role lets them do with this key; the actions refuse the rest anyway.
  const manage = canManageKey(viewer.role, { actingUserId: key.memberId }, viewer.id);

  return (
    <div className="max-w-4xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm break-words text-slate-600">
        <Link href="/settings/api-keys" className="hover:text-slate-900 hover:underline">API Keys</Link> / <span aria-current="page">{key.name}</span>
      </nav>
      <OneTimeSecret sid={key.sid} />
      <PageHeader
        title={key.name}
        description={<CopyableId value={key.sid} what="key ID" />}
        actions={
          manage && (
          <>
            <RollKeyDialog sid={key.sid} name={key.name} rollable={key.status === "active" && !key.rolledAt} />
            {key.rolledToSid && <EndGraceDialog sid={key.sid} name={key.name} replacedBy={key.rolledToSid} inGrace={key.status === "active"} />}
            {key.status !== "active" && <DeleteKeyInline sid={key.sid} />}
            <RevokeKeyDialog sid={key.sid} name={key.name} revoked={key.status === "revoked"} created={created} replacedBy={key.status === "active" ? key.rolledToSid : null} />
          </>
          )
        }
      />
      <RollNotice viewer={viewer} keyDTO={key} />
      {key.expiresSoon && key.expiresAt && !key.rolledAt && (
        <Notice tone="amber">
          This key expires <strong><RelativeTime at={key.expiresAt} /></strong>. Roll it to get a new secret with the same settings.
        </Notice>
      )}
      <KeyDetails sid={key.sid} name={key.name} description={key.description} rateLimitPerMinute={key.rateLimitPerMinute} editable={manage}>
        <dl className="divide-y divide-slate-100">
          <Row label="Status"><StatusBadge status={key.status} /></Row>
          <Row label="Acts as">
            {key.kind === "service" ? (
              <>
                The workspace <span className="text-slate-600">(a service key: only its own permission limits it, and it keeps working whoever leaves)</span>
              </>
            ) : member ? (
              <>
                {member.name} <span className="text-slate-600">({ROLE_LABELS[member.role]}; a member key: capped by their role, and it stops if they leave)</span>
              </>
            ) : (
              <span className="text-slate-600">A former member (the key stopped when they left)</span>
            )}
          </Row>
          <Row label="Permission">
            <PermissionBadge permission={key.permission} />
            {key.kind === "member" && effective !== key.permission && member && (
              <span className="mt-1 block text-slate-600">
                {effective
                  ? <>Effectively <strong>{PERMISSION_LABELS[effective]}</strong>: {member.name} is a {ROLE_LABELS[member.role]}, and a {ROLE_LABELS[member.role]}’s keys only read.</>
                  : <>Effectively nothing: {member.name} is a {ROLE_LABELS[member.role]}, whose keys only read, and this key cannot read.</>}
              </span>
            )}
          </Row>
          <Row label="Rate limit">{key.rateLimitPerMinute ? `${key.rateLimitPerMinute.toLocaleString("en")} requests per minute` : <span className="text-slate-500">No per-key limit</span>}</Row>
          <Row label="Name">{key.name}</Row>
          <Row label="Description"><span className="break-words whitespace-pre-line">{key.description || <span className="text-slate-500">No description</span>}</span></Row>
          <Row label="Sid"><CopyableId value={key.sid} what="key ID" /></Row>
          <Row label="Secret">
            <code className="font-mono text-xs">{key.prefix}…</code>
            <span className="mt-1 block text-slate-600">
              The secret was shown once, when the key was created, and is not stored.{" "}
              {key.status === "active" && !key.rolledAt ? "If it is lost, roll the key for a new one." : ""}
            </span>
          </Row>
          <Row label="Created">
            <When at={key.createdAt} />
            {key.createdByKeySid && <span className="text-slate-500"> by the API key <KeyLink sid={key.createdByKeySid} /></span>}
            {!key.createdByKeySid && creator && <span className="text-slate-500"> by {creator}</span>}
          </Row>
          <Row label="Expiry Date">{key.expiresAt ? <When at={key.expiresAt} /> : "Never"}</Row>
          <Row label="Last used">
            <LastUsed at={key.lastUsedAt} />
            {key.lastUsedIp && <span className="text-slate-500"> from <code className="font-mono text-xs">{formatAddress(key.lastUsedIp)}</code></span>}
          </Row>
          {key.revokedAt && <Row label="Revoked"><When at={key.revokedAt} /></Row>}
        </dl>
      </KeyDetails>
      <Card labelledBy="usage-title" className="p-5">
        <div className="flex flex-wrap items-baseline justify-between gap-4">
          <h2 id="usage-title" className="text-sm font-semibold text-slate-900">Usage, last 30 days</h2>
          <p className="text-sm text-slate-600">
            Total: <strong data-testid="total-succeeded">{totals.succeeded}</strong> successful,{" "}
            <strong data-testid="total-refused">{totals.refused}</strong> refused
          </p>
        </div>
        <div className="mt-4">
          <UsageChart days={usage.get(key.sid) ?? []} />
        </div>
        <p className="mt-2 text-xs text-slate-500">Counts are written about once a minute; the newest requests may take that long to appear.</p>
      </Card>
    </div>
  );
}
