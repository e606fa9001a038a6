import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { KeyDTO, KeyPage } from "@/lib/dal/keys";
import type { UsageDay } from "@/lib/dal/usage";
import { formatDate, formatDateTime, formatRelative } from "@/lib/format";
import type { KeyListOptions, KeySort } from "@/lib/validation/keys";
import { listUrl } from "./list-url";
import { PermissionBadge } from "./permission-badge";
import { StatusBadge } from "./status-badge";
import { Sparkline } from "./usage-chart";

const th = "px-2.5 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase whitespace-nowrap";
const td = "px-2.5 py-3 text-sm text-slate-700 whitespace-nowrap";

type Column = { label: string; sort?: KeySort };
type TableProps = { page: KeyPage; state: KeyListOptions; usage: Map<string, UsageDay[]>; section: "current" | "revoked" };

function SortHeader({ column, state }: { column: Column; state: KeyListOptions }) {
  if (!column.sort) return <th scope="col" className={th}>{column.label}</th>;
  const active = state.sort === column.sort;
  const direction = active && state.direction === "asc" ? "desc" : active ? "asc" : undefined;
  return (
    <th scope="col" className={th} aria-sort={active ? (state.direction === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={listUrl(state, { sort: column.sort, direction, page: 1, revokedPage: 1 })} className="inline-flex items-center gap-1 hover:text-slate-900">
        {column.label}
        <span aria-hidden className={active ? "text-slate-900" : "text-slate-300"}>{active && state.direction === "asc" ? "▲" : "▼"}</span>
      </Link>
    </th>
  );
}

const Mono = ({ children }: { children: ReactNode }) => <code className="font-mono text-xs text-slate-600">{children}</code>;

export function LastUsed({ at }: { at: Date | null }) {
  if (!at) return <span className="text-slate-400">Never</span>;
  return <time dateTime={at.toISOString()} title={formatDateTime(at)}>{formatRelative(at)}</time>;
}

function Day({ at, empty }: { at: Date | null; empty: string }) {
  if (!at) return <span className="text-slate-400">{empty}</span>;
  return <time dateTime={at.toISOString()} title={formatDateTime(at)}>{formatDate(at)}</time>;
}

function Expiry({ k }: { k: KeyDTO }) {
  return (
    <span className="inline-flex items-center gap-2">
      <Day at={k.expiresAt} empty="Never" />
      {k.expiresSoon && k.expiresAt && <Badge tone="amber">Expires {formatRelative(k.expiresAt)}</Badge>}
    </span>
  );
}

function Pager({ page, state, section }: Omit<TableProps, "usage">) {
  if (page.pages <= 1) return null;
  const go = (n: number) => listUrl(state, section === "current" ? { page: n } : { revokedPage: n });
  const link = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50";
  return (
    <nav aria-label={section === "current" ? "Active keys pages" : "Revoked keys pages"} className="flex items-center justify-between border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
      <span>
        Page {page.page} of {page.pages} · {page.total} keys
      </span>
      <span className="flex gap-2">
        {page.page > 1 ? <Link className={link} href={go(page.page - 1)}>Previous</Link> : <span className={`${link} opacity-40`} aria-disabled>Previous</span>}
        {page.page < page.pages ? <Link className={link} href={go(page.page + 1)}>Next</Link> : <span className={`${link} opacity-40`} aria-disabled>Next</span>}
      </span>
    </nav>
  );
}

/** Current keys (active, then expired) or revoked keys, sortable and paged through the URL. */
export function KeysTable({ page, state, usage, section }: TableProps) {
  const columns: Column[] = [
    { label: "Sid" },
    { label: "Name", sort: "name" },
    { label: "Status" },
    { label: "Permission" },
    { label: "Description" },
    { label: "Prefix" },
    { label: "Created", sort: "created" },
    section === "current" ? { label: "Expiry Date", sort: "expiry" } : { label: "Revoked" },
    { label: "Last used", sort: "last_used" },
    { label: "Requests (30 d)" },
  ];
  return (
    <>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead className="bg-slate-50">
            <tr>{columns.map((c) => <SortHeader key={c.label} column={c} state={state} />)}</tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.keys.map((k) => (
              <tr key={k.sid} className={section === "revoked" ? "text-slate-500 hover:bg-slate-50" : "hover:bg-slate-50"}>
                <td className={td}><Mono>{k.sid}</Mono></td>
                <td className={td}>
                  <Link href={`/settings/api-keys/${k.sid}`} className="font-medium text-indigo-600 hover:text-indigo-500 hover:underline">{k.name}</Link>
                </td>
                <td className={td}><StatusBadge status={k.status} /></td>
                <td className={td}><PermissionBadge permission={k.permission} /></td>
                <td className={`${td} max-w-40 truncate`} title={k.description || undefined}>{k.description || <span className="text-slate-400">—</span>}</td>
                <td className={td}><Mono>{k.prefix}…</Mono></td>
                <td className={td}><Day at={k.createdAt} empty="" /></td>
                <td className={td}>
                  {section === "current" ? <Expiry k={k} /> : <time dateTime={k.revokedAt!.toISOString()}>{formatDateTime(k.revokedAt!)}</time>}
                </td>
                <td className={td}><LastUsed at={k.lastUsedAt} /></td>
                <td className={td}><Sparkline days={usage.get(k.sid) ?? []} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} state={state} section={section} />
    </>
  );
}
