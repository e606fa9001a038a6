import Link from "@/components/workspace/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { KeyDTO, KeyPage } from "@/lib/dal/keys";
import type { UsageDay } from "@/lib/dal/usage";
import type { KeyListOptions, KeySort } from "@/lib/validation/keys";
import { KeyRowMenu } from "./key-row-menu";
import { listUrl } from "./list-url";
import { PermissionBadge } from "./permission-badge";
import { StatusBadge } from "./status-badge";
import { Sparkline } from "./usage-chart";
import { canManageKey, type Role } from "@/lib/workspaces/roles";

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase whitespace-nowrap";
// Below md a row is a card: the cells stack, and those marked wide-only are left out.
const td = "px-3 text-sm text-slate-700 max-md:block max-md:px-0 md:py-3";
const wideOnly = "max-md:hidden";

type Column = { label: string; sort?: KeySort; srOnly?: boolean };
type TableProps = {
  page: KeyPage;
  state: KeyListOptions;
  usage: Map<string, UsageDay[]>;
  section: "current" | "revoked";
  /** Live keys each key created through the API, for the revoke dialog; absent means none. */
  created: Map<string, number>;
  /** Names of the workspace's members by user id, for "Acts as" and "Created by". */
  people: Map<string, string>;
  /** Who is looking: the row menu offers Roll and Revoke only for keys their role may change. */
  viewer: { id: string; role: Role };
};

/** What the key acts as (the workspace, or a member by name) and who created it. */
function ActsAs({ k, people }: { k: KeyDTO; people: Map<string, string> }) {
  const person = (id: string | null) => (id ? people.get(id) ?? "A former member" : null);
  const creator = k.createdByKeySid ? `key ${k.createdByKeySid}` : person(k.createdById);
  return (
    <div className="min-w-0 space-y-0.5">
      {k.kind === "service" ? <Badge tone="slate">Workspace</Badge> : <p className="break-words">{person(k.memberId)}</p>}
      {creator && <p className="text-xs break-words text-slate-600"><span className="md:sr-only">Created </span>by {creator}</p>}
    </div>
  );
}

function SortHeader({ column, state }: { column: Column; state: KeyListOptions }) {
  if (column.srOnly) return <th scope="col" className={th}><span className="sr-only">{column.label}</span></th>;
  if (!column.sort) return <th scope="col" className={th}>{column.label}</th>;
  const active = state.sort === column.sort;
  const direction = active && state.direction === "asc" ? "desc" : active ? "asc" : undefined;
  return (
    <th scope="col" className={th} aria-sort={active ? (state.direction === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={listUrl(state, { sort: column.sort, direction, page: 1, revokedPage: 1 })} className="inline-flex items-center gap-1 rounded-sm hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
        {column.label}
        <span aria-hidden className={active ? "text-slate-900" : "text-slate-300"}>{active && state.direction === "asc" ? "▲" : "▼"}</span>
      </Link>
    </th>
  );
}

export function LastUsed({ at }: { at: Date | null }) {
  if (!at) return <span className="text-slate-500">Never</span>;
  return <RelativeTime at={at} />;
}

/** Expiry as people ask about it: never, when, soon, or rolled (ending, and into which key). */
function Expiry({ k }: { k: KeyDTO }) {
  if (k.rolledToSid && k.status === "active" && k.expiresAt) {
    return (
      <span className="inline-flex flex-wrap items-center gap-1.5">
        <Badge tone="slate">Rolled</Badge>
        <span>
          ends <RelativeTime at={k.expiresAt} />
        </span>
        <Link href={`/settings/api-keys/${k.rolledToSid}`} className="font-medium text-indigo-600 hover:underline">
          new key
        </Link>
      </span>
    );
  }
  if (!k.expiresAt) return <span className="text-slate-500">Never</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <RelativeTime at={k.expiresAt} />
      {k.expiresSoon && <Badge tone="amber">Soon</Badge>}
    </span>
  );
}

function Pager({ page, state, section }: Pick<TableProps, "page" | "state" | "section">) {
  if (page.pages <= 1) return null;
  const go = (n: number) => listUrl(state, section === "current" ? { page: n } : { revokedPage: n });
  const link = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50";
  return (
    <nav aria-label={section === "current" ? "Active keys pages" : "Revoked keys pages"} className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
      <span>
        Page {page.page} of {page.pages} · {page.total} keys
      </span>
      <span className="flex gap-2">
        {page.page > 1 ? <Link className={link} href={go(page.page - 1)}>Previous</Link> : <span className={`${link} opacity-60`} aria-disabled>Previous</span>}
        {page.page < page.pages ? <Link className={link} href={go(page.page + 1)}>Next</Link> : <span className={`${link} opacity-60`} aria-disabled>Next</span>}
      </span>
    </nav>
  );
}

/**
 * Current keys (active, then expired) or revoked keys, sortable and paged through the URL.
 * It leads with the name; sid and prefix are secondary monospace text, status and permission
 * badges, and every sortable column is visible at 1280 px. Below md each row stacks: name,
 * badges, "last used 2 h ago", and its menu.
 */
export function KeysTable({ page, state, usage, section, created, people, viewer }: TableProps) {
  const columns: Column[] = [
    { label: "Name", sort: "name" },
    { label: "Status" },
    { label: "Acts as" },
    { label: "Created", sort: "created" },
    section === "current" ? { label: "Expires", sort: "expiry" } : { label: "Revoked" },
    { label: "Last used", sort: "last_used" },
    { label: "Requests (30 d)" },
    { label: "Actions", srOnly: true },
  ];
  return (
    <>
      <table className="w-full table-fixed max-md:block">
        <colgroup className="max-md:hidden">
          <col />
          <col className="w-40" />
          <col className="w-36" />
          <col className="w-28" />
          <col className="w-32" />
          <col className="w-28" />
          <col className="w-32" />
          <col className="w-12" />
        </colgroup>
        <thead className="border-b border-slate-200 bg-slate-50 max-md:hidden">
          <tr>{columns.map((c) => <SortHeader key={c.label} column={c} state={state} />)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-md:block">
          {page.keys.map((k) => (
            <tr key={k.sid} className="align-top hover:bg-slate-50 max-md:relative max-md:block max-md:space-y-2 max-md:px-4 max-md:py-3">
              <td className={`${td} min-w-0 max-md:pr-10`}>
                <Link href={`/settings/api-keys/${k.sid}`} className="font-medium break-words text-indigo-600 hover:text-indigo-500 hover:underline">
                  {k.name}
                </Link>
                <div className="mt-0.5 flex flex-wrap gap-x-2 font-mono text-xs text-slate-600">
                  <span>{k.sid}</span>
                  <span aria-label={`prefix ${k.prefix}`}>{k.prefix}…</span>
                </div>
                {k.description && <p className="mt-1 line-clamp-3 text-xs break-words text-slate-600">{k.description}</p>}
              </td>
              <td className={td}>
                <span className="flex flex-wrap gap-1.5">
                  <StatusBadge status={k.status} />
                  <PermissionBadge permission={k.permission} />
                </span>
              </td>
              <td className={td}>
                <span className="text-slate-600 md:hidden">Acts as </span>
                <ActsAs k={k} people={people} />
              </td>
              <td className={`${td} ${wideOnly}`}><RelativeTime at={k.createdAt} /></td>
              <td className={`${td} ${wideOnly}`}>
                {section === "current" ? <Expiry k={k} /> : <RelativeTime at={k.revokedAt!} />}
              </td>
              <td className={td}>
                <span className="text-slate-600 md:hidden">Last used </span>
                <LastUsed at={k.lastUsedAt} />
              </td>
              <td className={`${td} ${wideOnly}`}><Sparkline days={usage.get(k.sid) ?? []} /></td>
              <td className={`${td} text-right max-md:absolute max-md:top-2 max-md:right-2`}>
                <KeyRowMenu
                  sid={k.sid}
                  name={k.name}
                  rollable={k.status === "active" && !k.rolledAt && canManageKey(viewer.role, { actingUserId: k.memberId }, viewer.id)}
                  revoked={k.status === "revoked" || !canManageKey(viewer.role, { actingUserId: k.memberId }, viewer.id)}
                  created={created.get(k.sid) ?? 0}
                  replacedBy={k.status === "active" ? k.rolledToSid : null}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} state={state} section={section} />
    </>
  );
}
