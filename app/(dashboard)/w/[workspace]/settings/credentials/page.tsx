import type { Metadata } from "next";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { QuotaCard } from "@/components/ui/quota-bar";
import { cn } from "@/components/ui/cn";
import { listCredentials } from "@/lib/dal/credentials";
import { workspaceQuota } from "@/lib/dal/plans";
import { QUOTA_NOUNS } from "@/lib/plans/limits";
import { webhooksByCredential } from "@/lib/dal/webhooks";
import { requireViewer } from "@/lib/session";
import { CredentialRow, LIST_COLUMNS } from "./_components/credential-row";
import { FocusSavedRow } from "./_components/focus-after-save";

export const metadata: Metadata = { title: "Credentials" };

export default async function CredentialsPage() {
  const viewer = await requireViewer("/settings/credentials");
  const [credentials, usedBy, quota] = await Promise.all([listCredentials(viewer), webhooksByCredential(viewer), workspaceQuota(viewer)]);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Credentials"
        description="Secrets for other services (Bearer tokens, Basic auth, API keys), kept encrypted for outbound calls. Once saved they are never shown again: at most their last 4 characters."
      />
      {viewer.role === "viewer" ? (
        <p className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200">Viewers do not see credentials. Members see and manage the ones they added; Admins and Owners see that every one exists (never its value).</p>
      ) : (
        <QuotaCard quota={quota.credentials} noun={QUOTA_NOUNS.credentials} addLabel="+ Add Credential" addHref="/settings/credentials/new" />
      )}
      {credentials.length === 0 ? (
        <Card>
          <EmptyState title="No credentials yet">Save a token or password once, then choose it wherever an integration needs it.</EmptyState>
        </Card>
      ) : (
        <Card labelledBy="credentials-heading">
          <h2 id="credentials-heading" className="sr-only">Your credentials</h2>
          {/* Column titles for the eye; each row says the same to screen readers in its own words. */}
          <div aria-hidden className="hidden gap-2 border-b border-slate-200 px-5 py-2 text-xs font-medium text-slate-600 lg:flex">
            <div className={cn("grid flex-1 gap-x-4", LIST_COLUMNS)}>
              <span>Name</span>
              <span>Secret</span>
              <span>Updated</span>
            </div>
            <span className="w-8" />
          </div>
          <ul className="divide-y divide-slate-200">
            {credentials.map((c) => (
              <CredentialRow key={c.id} credential={c} usedBy={usedBy.get(c.id) ?? []} />
            ))}
          </ul>
          <FocusSavedRow ids={credentials.map((c) => c.id)} />
        </Card>
      )}
    </div>
  );
}
