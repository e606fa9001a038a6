import Link from "@/components/workspace/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { serviceById } from "@/lib/credentials/catalogue";
import type { CredentialDTO } from "@/lib/dal/credentials";
import type { CredentialType } from "@/lib/validation/credentials";
import { CredentialRowActions } from "./credential-row-actions";
import { SecretHint } from "./secret-hint";

/** Short enough for a badge; the field name beside it says the rest. */
export const TYPE_BADGES: Record<CredentialType, string> = { bearer: "Bearer token", basic: "Basic auth", header: "Header", query: "Query parameter" };

// Three columns from lg (name and where it is used | secret | updated) under the list's header
// row; below lg the row stacks: name and badges, then the secret and "Updated 3 days ago", then
// where it is used. Grid areas let the same elements do both without rendering them twice.
const GRID =
  "grid gap-x-4 gap-y-1 [grid-template-areas:'name'_'meta'_'used'] " +
  "lg:grid-cols-[minmax(0,1fr)_9rem_9rem] lg:items-center lg:[grid-template-areas:'name_hint_time'_'used_hint_time']";
export const LIST_COLUMNS = "lg:grid-cols-[minmax(0,1fr)_9rem_9rem]";

export function CredentialRow({ credential: c, usedBy }: { credential: CredentialDTO; usedBy: string[] }) {
  return (
    // Focusable by script: where focus lands when the form that saved this credential returns here.
    <li id={`credential-${c.id}`} aria-label={c.name} tabIndex={-1} className="px-4 py-3.5 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 sm:px-5">
      <CredentialRowActions id={c.id} name={c.name} usedBy={usedBy}>
        <div className={GRID}>
          <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 [grid-area:name]">
            <Link href={`/settings/credentials/${c.id}`} className="font-medium break-words text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
              {c.name}
            </Link>
            <Badge tone="slate">{serviceById(c.service)?.name ?? "Custom API"}</Badge>
            <Badge tone="slate">{TYPE_BADGES[c.type]}</Badge>
            {c.fieldName && <code className="font-mono text-xs break-all text-slate-600">{c.fieldName}</code>}
          </div>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm [grid-area:meta] lg:contents">
            <SecretHint hint={c.hint} className="lg:[grid-area:hint]" />
            <p className="text-slate-600 lg:[grid-area:time]">
              <span className="lg:sr-only">Updated </span>
              <RelativeTime at={c.updatedAt} />
            </p>
          </div>
          <p className="text-xs text-slate-500 [grid-area:used]">
            {usedBy.length > 0 ? `Used by ${usedBy.map((n) => `“${n}”`).join(", ")}` : "Not used by any webhook"}
          </p>
        </div>
      </CredentialRowActions>
    </li>
  );
}
