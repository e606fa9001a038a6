import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { FlashToast } from "@/components/ui/flash-toast";
import { recentLeaks } from "@/lib/dal/audit";
import { countKeysCreatedByEach } from "@/lib/dal/key-changes";
import { keysExpiringSoon, listKeys } from "@/lib/dal/keys";
import { workspaceQuota } from "@/lib/dal/plans";
import { listMembers } from "@/lib/dal/members";
import { canCreateKeys } from "@/lib/workspaces/roles";
import { usageBySid } from "@/lib/dal/usage";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireViewer } from "@/lib/session";
import { keyListSchema, type KeyListOptions } from "@/lib/validation/keys";
import { KeysTable } from "./_components/keys-table";
import { listUrl } from "./_components/list-url";
import { QuotaCard } from "@/components/ui/quota-bar";
import { QUOTA_NOUNS } from "@/lib/plans/limits";
import { SearchBar } from "./_components/search-bar";

export const metadata: Metadata = { title: "API Keys" };

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** "3 active keys and 1 revoked key match “prod”." (at least one matches: none has its own empty state) */
function matchSummary(query: string, active: number, revoked: number) {
  const parts = [active > 0 && plural(active, "active key", "active keys"), revoked > 0 && plural(revoked, "revoked key", "revoked keys")].filter(Boolean);
  return `${parts.join(" and ")} ${active + revoked === 1 ? "matches" : "match"} “${query}”.`;
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const OWNER_FILTERS = [
  { value: "all", label: "All" },
  { value: "service", label: "Service keys" },
  { value: "mine", label: "My member keys" },
] as const;

/** All / Service / Mine, as links (the filter lives in the URL like the search and the sort). */
function OwnerFilter({ state }: { state: KeyListOptions }) {
  return (
    <nav aria-label="Filter keys by what they act as" className="flex flex-wrap gap-1 rounded-md bg-slate-100 p-1 text-sm sm:inline-flex">
      {OWNER_FILTERS.map((f) => (
        <Link
          key={f.value}
          href={listUrl(state, { actsAs: f.value, page: 1, revokedPage: 1 })}
          aria-current={state.actsAs === f.value ? "page" : undefined}
          className={
            state.actsAs === f.value
              ? "rounded bg-white px-3 py-1 font-medium text-slate-900 shadow-sm"
              : "rounded px-3 py-1 text-slate-700 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
          }
        >
          {f.label}
        </Link>
      ))}
    </nav>
  );
}

export default async function ApiKeysPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const state = keyListSchema.parse(params);
  const viewer = await requireViewer(listUrl(state, {}));
  const [keys, quota, expiring, leaks, members] = await Promise.all([
    listKeys(viewer, state),
    workspaceQuota(viewer),
    keysExpiringSoon(viewer),
    recentLeaks(viewer),
    listMembers(viewer),
  ]);
  const people = new Map(members.map((m) => [m.userId, m.isYou ? `${m.name} (you)` : m.name]));
  const listed = [...keys.current.keys, ...keys.revoked.keys].map((k) => k.sid);
  const [usage, created] = await Promise.all([usageBySid(viewer, listed), countKeysCreatedByEach(viewer, keys.current.keys.map((k) => k.sid))]);
  // A rolled key in its grace period already has its replacement: it is not one to roll.
  const toRoll = expiring.filter((k) => !k.rolledAt);
  const ending = expiring.filter((k) => k.rolledAt && k.rolledToSid);
  const nothingYet = !state.query && state.actsAs === "all" && keys.current.total === 0 && keys.revoked.total === 0;
  // A flag, not a name: a crafted link must not put words in the page's mouth.
  const deleted = params.deleted === "1";

  return (
    <div className="space-y-6">
      {deleted && <FlashToast message="The key was deleted. Its events stay in the security log." />}
      <PageHeader
        title="API Keys"
        description={
          <>
            Keys let your scripts and integrations call the Latchkey API as you. Send one as{" "}
            <code className="rounded bg-slate-100 px-1 py-0.5 text-xs break-all">Authorization: ApiKey &lt;key&gt;</code>. See the{" "}
            <Link href="/docs/api" className="font-medium text-indigo-600 hover:underline">API reference</Link>.
          </>
        }
      />
      {leaks.length > 0 && (
        <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200">
          <strong>{leaks.length === 1 ? "A key was reported leaked" : `${leaks.length} keys were reported leaked`} and revoked:</strong>{" "}
          {leaks.map((leak, i) => (
            <span key={leak.id}>
              {i > 0 && ", "}
              <Link href={`/settings/api-keys/${leak.keySid}`} className="font-medium underline">{leak.keyName}</Link> (<RelativeTime at={leak.createdAt} />)
            </span>
          ))}
          . Replace it where it is used, and find out how it got out. See the{" "}
          <Link href="/settings/security-log" className="font-medium underline">security log</Link>.
        </div>
      )}
      {toRoll.length > 0 && (
        <div role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          <strong>{toRoll.length === 1 ? "1 key expires" : `${toRoll.length} keys expire`} within 7 days:</strong>{" "}
          {toRoll.map((k, i) => (
            <span key={k.sid}>
              {i > 0 && ", "}
              <Link href={`/settings/api-keys/${k.sid}`} className="font-medium underline">{k.name}</Link> (<RelativeTime at={k.expiresAt!} />)
            </span>
          ))}
          . Roll {toRoll.length === 1 ? "it" : "them"} before integrations stop working.
          {ending.length > 0 && (
            <span className="mt-1 block">
              Already rolled:{" "}
              {ending.map((k, i) => (
                <span key={k.sid}>
                  {i > 0 && ", "}
                  {k.name} (rolled, ends <RelativeTime at={k.expiresAt!} />, replaced by{" "}
                  <Link href={`/settings/api-keys/${k.rolledToSid}`} className="font-medium underline">the new key</Link>)
                </span>
              ))}
              .
            </span>
          )}
        </div>
      )}
      {canCreateKeys(viewer.role) ? (
        <QuotaCard quota={quota.keys} noun={QUOTA_NOUNS.keys} addLabel="+ Add API Key" addHref="/settings/api-keys/new" />
      ) : (
        <p className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200">You are a Viewer in this workspace: you can see its keys and their usage, but not create or change them.</p>
      )}

      {nothingYet ? (
        <Card>
          <EmptyState title="No API keys yet">
            Create a key to call the API from your scripts and integrations.
            {canCreateKeys(viewer.role) && (
              <div className="mt-4">
                <ButtonLink href="/settings/api-keys/new">+ Add API Key</ButtonLink>
              </div>
            )}
          </EmptyState>
        </Card>
      ) : (
        <>
          <SearchBar state={state} />
          <OwnerFilter state={state} />
          {state.query && keys.current.total + keys.revoked.total > 0 && (
            <p role="status" className="text-sm text-slate-600">
              {matchSummary(state.query, keys.current.total, keys.revoked.total)}
            </p>
          )}
          <Card labelledBy="active-keys">
            <h2 id="active-keys" className="border-b border-slate-200 px-5 py-3 text-sm font-semibold text-slate-900">Active keys</h2>
            {keys.current.keys.length > 0 ? (
              <KeysTable page={keys.current} state={state} usage={usage} section="current" created={created} people={people} viewer={viewer} />
            ) : state.query && keys.revoked.total > 0 ? (
              <EmptyState title={`No active key matches “${state.query}”`}>
                {keys.revoked.total === 1 ? "The key that matches is revoked" : `The ${keys.revoked.total} keys that match are revoked`}: see Revoked keys below, or{" "}
                <Link className="font-medium text-indigo-600 hover:text-indigo-500" href="/settings/api-keys">clear the search</Link>.
              </EmptyState>
            ) : state.query ? (
              <EmptyState title={`No key matches “${state.query}”`}>
                Try another name, description, sid or prefix, or{" "}
                <Link className="font-medium text-indigo-600 hover:text-indigo-500" href="/settings/api-keys">clear the search</Link>.
              </EmptyState>
            ) : state.actsAs !== "all" ? (
              <EmptyState title={state.actsAs === "service" ? "No active service keys" : "You have no active member keys"}>
                {state.actsAs === "service" ? "Service keys act as the workspace and keep working whoever leaves." : "Member keys act as you and stop if you leave the workspace."}{" "}
                <Link className="font-medium text-indigo-600 hover:text-indigo-500" href={listUrl(state, { actsAs: "all", page: 1, revokedPage: 1 })}>Show all keys</Link>.
              </EmptyState>
            ) : (
              <EmptyState title="No active keys">Every key in this workspace has been revoked.</EmptyState>
            )}
          </Card>
          {keys.revoked.total > 0 && (
            <Card labelledBy="revoked-keys">
              <h2 id="revoked-keys" className="border-b border-slate-200 px-5 py-3 text-sm font-semibold text-slate-900">Revoked keys</h2>
              <KeysTable page={keys.revoked} state={state} usage={usage} section="revoked" created={new Map()} people={people} viewer={viewer} />
            </Card>
          )}
        </>
      )}
    </div>
  );
}
