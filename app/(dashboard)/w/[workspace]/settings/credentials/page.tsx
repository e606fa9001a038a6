import type { Metadata } from "next";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { QuotaCard } from "@/components/ui/quota-bar";
import { cn } from "@/components/ui/cn";
import { shareableMembers, webhookUsesByCredential } from "@/lib/dal/credential-sharing";
import Link from "@/components/workspace/link";
import { searchCredentials } from "@/lib/dal/credential-search";
import { credentialListSchema, credentialListUrl } from "@/lib/validation/credential-list";
import { workspaceQuota } from "@/lib/dal/plans";
import { QUOTA_NOUNS } from "@/lib/plans/limits";
import { requireViewer } from "@/lib/session";
import { CredentialRow, LIST_COLUMNS } from "./_components/credential-row";
import { FocusSavedRow } from "./_components/focus-after-save";
import { CredentialFilters, noMatchTitle } from "./_components/credential-filters";

export const metadata: Metadata = { title: "Credentials" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CredentialsPage({ searchParams }: { searchParams: SearchParams }) {
  const state = credentialListSchema.parse(await searchParams);
  const viewer = await requireViewer(credentialListUrl(state));
  const [{ credentials, counts, total }, usedBy, members, quota] = await Promise.all([searchCredentials(viewer, state), webhookUsesByCredential(viewer), shareableMembers(viewer), workspaceQuota(viewer)]);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Credentials"
        description="Secrets for other services (Bearer tokens, Basic auth, API keys), kept encrypted for outbound calls. Once saved they are never shown again: at most their last 4 characters."
      />
      {viewer.role === "viewer" ? (
        <p className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200">Viewers do not see credentials. Members see the ones they added or that are shared with them; Admins and Owners see that every one exists (never its value).</p>
      ) : (
        <QuotaCard quota={quota.credentials} noun={QUOTA_NOUNS.credentials} addLabel="+ Connect a service" addHref="/settings/credentials/connect" />
      )}
      {total > 0 && <CredentialFilters state={state} counts={counts} total={total} />}
      {total === 0 ? (
        <Card>
          <EmptyState title="No credentials yet">Save a token or password once, then choose it wherever an integration needs it.</EmptyState>
        </Card>
      ) : credentials.length === 0 ? (
        <Card>
          <EmptyState title={noMatchTitle(state)}>
            Try another name or service, or{" "}
            <Link className="font-medium text-indigo-600 hover:text-indigo-500" href="/settings/credentials">show every credential</Link>.
          </EmptyState>
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
              <CredentialRow key={c.id} credential={c} usedBy={usedBy.get(c.id) ?? []} members={c.manageable ? members : []} />
            ))}
          </ul>
          <FocusSavedRow ids={credentials.map((c) => c.id)} />
        </Card>
      )}
    </div>
  );
}
