import type { Metadata } from "next";
import Link from "next/link";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { countActiveKeys, listKeys, maxActiveKeys } from "@/lib/dal/keys";
import { requireViewer } from "@/lib/session";
import { limitReachedMessage, searchSchema } from "@/lib/validation/keys";
import { CurrentKeysTable, RevokedKeysTable } from "./_components/keys-table";
import { QuotaBar } from "./_components/quota-bar";
import { SearchBar } from "./_components/search-bar";

export const metadata: Metadata = { title: "API Keys" };

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = searchSchema.parse((await searchParams).q);
  const viewer = await requireViewer(query ? `/settings/api-keys?q=${encodeURIComponent(query)}` : "/settings/api-keys");
  const [keys, used] = await Promise.all([listKeys(viewer, query), countActiveKeys(viewer)]);
  const limit = maxActiveKeys();
  const atLimit = used >= limit;
  const nothingYet = !query && keys.current.length === 0 && keys.revoked.length === 0;

  return (
    <div className="space-y-6">
      <PageHeader
        title="API Keys"
        description={
          <>
            Keys let your scripts and integrations call the Latchkey API as you. Send one as{" "}
            <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">Authorization: ApiKey &lt;key&gt;</code>.
          </>
        }
      />
      <Card className="p-5">
        <div className="flex flex-wrap items-center justify-between gap-4">
          <QuotaBar used={used} limit={limit} />
          <div className="flex items-center gap-3">
            {atLimit ? (
              <>
                <p id="limit-reason" className="max-w-xs text-right text-sm text-slate-600">
                  {limitReachedMessage(limit)}
                </p>
                <Button disabled aria-describedby="limit-reason">
                  + Add API Key
                </Button>
              </>
            ) : (
              <ButtonLink href="/settings/api-keys/new">+ Add API Key</ButtonLink>
            )}
          </div>
        </div>
      </Card>

      {nothingYet ? (
        <Card>
          <EmptyState title="No API keys yet">
            Create a key to call the API from your scripts and integrations.
            <div className="mt-4">
              <ButtonLink href="/settings/api-keys/new">+ Add API Key</ButtonLink>
            </div>
          </EmptyState>
        </Card>
      ) : (
        <>
          <SearchBar query={query} />
          <Card labelledBy="active-keys">
            <h2 id="active-keys" className="border-b border-slate-200 px-5 py-3 text-sm font-semibold text-slate-900">Active keys</h2>
            {keys.current.length > 0 ? (
              <CurrentKeysTable keys={keys.current} />
            ) : query ? (
              <EmptyState title={`No key matches “${query}”`}>
                Try another name, description, sid or prefix, or{" "}
                <Link className="font-medium text-indigo-600 hover:text-indigo-500" href="/settings/api-keys">
                  clear the search
                </Link>
                .
              </EmptyState>
            ) : (
              <EmptyState title="No active keys">Every key you created has been revoked.</EmptyState>
            )}
          </Card>
          {keys.revoked.length > 0 && (
            <Card labelledBy="revoked-keys">
              <h2 id="revoked-keys" className="border-b border-slate-200 px-5 py-3 text-sm font-semibold text-slate-900">Revoked keys</h2>
              <RevokedKeysTable keys={keys.revoked} />
            </Card>
          )}
        </>
      )}
    </div>
  );
}
