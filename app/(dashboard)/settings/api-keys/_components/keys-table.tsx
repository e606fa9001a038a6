import Link from "next/link";
import type { ReactNode } from "react";
import type { KeyDTO } from "@/lib/dal/keys";
import { formatDate, formatDateTime, formatRelative } from "@/lib/format";
import { StatusBadge } from "./status-badge";

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase whitespace-nowrap";
const td = "px-3 py-3 text-sm text-slate-700 whitespace-nowrap";

function Table({ headers, children }: { headers: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200">
        <thead className="bg-slate-50">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

function Name({ k }: { k: KeyDTO }) {
  return (
    <Link href={`/settings/api-keys/${k.sid}`} className="font-medium text-indigo-600 hover:text-indigo-500 hover:underline">
      {k.name}
    </Link>
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

export function CurrentKeysTable({ keys }: { keys: KeyDTO[] }) {
  return (
    <Table headers={["Sid", "Name", "Description", "Prefix", "Created", "Expiry Date", "Last used", "Status"]}>
      {keys.map((k) => (
        <tr key={k.sid} className="hover:bg-slate-50">
          <td className={td}><Mono>{k.sid}</Mono></td>
          <td className={td}><Name k={k} /></td>
          <td className={`${td} max-w-48 truncate`} title={k.description || undefined}>
            {k.description || <span className="text-slate-400">—</span>}
          </td>
          <td className={td}><Mono>{k.prefix}…</Mono></td>
          <td className={td}><Day at={k.createdAt} empty="" /></td>
          <td className={td}><Day at={k.expiresAt} empty="Never" /></td>
          <td className={td}><LastUsed at={k.lastUsedAt} /></td>
          <td className={td}><StatusBadge status={k.status} /></td>
        </tr>
      ))}
    </Table>
  );
}

export function RevokedKeysTable({ keys }: { keys: KeyDTO[] }) {
  return (
    <Table headers={["Sid", "Name", "Description", "Prefix", "Created", "Revoked", "Last used", "Status"]}>
      {keys.map((k) => (
        <tr key={k.sid} className="text-slate-500 hover:bg-slate-50">
          <td className={td}><Mono>{k.sid}</Mono></td>
          <td className={td}><Name k={k} /></td>
          <td className={`${td} max-w-48 truncate`}>{k.description || <span className="text-slate-400">—</span>}</td>
          <td className={td}><Mono>{k.prefix}…</Mono></td>
          <td className={td}><Day at={k.createdAt} empty="" /></td>
          <td className={td}>
            <time dateTime={k.revokedAt!.toISOString()}>{formatDateTime(k.revokedAt!)}</time>
          </td>
          <td className={td}><LastUsed at={k.lastUsedAt} /></td>
          <td className={td}><StatusBadge status={k.status} /></td>
        </tr>
      ))}
    </Table>
  );
}
