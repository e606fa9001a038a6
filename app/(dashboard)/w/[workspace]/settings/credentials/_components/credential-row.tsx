import Link from "@/components/workspace/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { WebhookUse } from "@/lib/dal/credential-sharing";
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

/** "Only Ada (creator)", "Everyone in the workspace", "Ada (creator), Bo, Cy": who may use it. */
export function whoCanUse(c: Pick<CredentialDTO, "sharing" | "creator" | "sharedWith">): string {
  if (c.sharing === "workspace") return "Everyone in the workspace";
  if (c.sharing === "private" || c.sharedWith.length === 0) return `Only ${c.creator.name} (creator)`;
  return [`${c.creator.name} (creator)`, ...c.sharedWith.map((m) => m.name)].join(", ");
}

type Props = { credential: CredentialDTO; usedBy: WebhookUse[]; members: { id: string; name: string; email: string }[] };

export function CredentialRow({ credential: c, usedBy, members }: Props) {
  const share = c.manageable
    ? { target: { id: c.id, name: c.name, creatorId: c.creator.id, creatorName: c.creator.name, sharing: c.sharing, sharedWith: c.sharedWith.map((m) => m.id) }, members }
    : null;
  return (
    // Focusable by script: where focus lands when the form that saved this credential returns here.
    <li id={`credential-${c.id}`} aria-label={c.name} tabIndex={-1} className="px-4 py-3.5 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 sm:px-5">
      <CredentialRowActions id={c.id} name={c.name} usedBy={usedBy} share={share}>
        <div className={GRID}>
          <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 [grid-area:name]">
            <Link href={`/settings/credentials/${c.id}`} className="font-medium break-words text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
              {c.name}
            </Link>
            <Badge tone="slate">{serviceById(c.service)?.name ?? "Custom API"}</Badge>
            <Badge tone="slate">{TYPE_BADGES[c.type]}</Badge>
            {c.fieldName && <code className="font-mono text-xs break-all text-slate-600">{c.fieldName}</code>}
            {c.sharing === "private" ? <Badge tone="slate">Personal</Badge> : <Badge tone="green">Shared</Badge>}
          </div>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm [grid-area:meta] lg:contents">
            <SecretHint hint={c.hint} className="lg:[grid-area:hint]" />
            <p className="text-slate-600 lg:[grid-area:time]">
              <span className="lg:sr-only">Updated </span>
              <RelativeTime at={c.updatedAt} />
            </p>
          </div>
          <div className="space-y-0.5 text-xs text-slate-600 [grid-area:used]">
            <p><span className="font-medium text-slate-700">Who can use:</span> {whoCanUse(c)}</p>
            <p className="break-words">
              <span className="font-medium text-slate-700">Hosts:</span>{" "}
              {c.hosts.length > 0 ? <span className="font-mono">{c.hosts.join(", ")}</span> : "none yet (edit it to name one)"}
            </p>
            <p title={usedBy.map((w) => `“${w.name}” (${w.owner})`).join(", ") || undefined}>
              {usedBy.length === 0 ? "Not used by any webhook" : `Used by ${usedBy.length} ${usedBy.length === 1 ? "webhook" : "webhooks"}: ${usedBy.map((w) => `“${w.name}”`).join(", ")}`}
            </p>
          </div>
        </div>
      </CredentialRowActions>
    </li>
  );
}
