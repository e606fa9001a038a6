import Link from "@/components/workspace/link";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { CopyableId } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AuditAction, AuditEventDTO } from "@/lib/dal/audit";
import { formatAddress } from "@/lib/format";

const ACTIONS: Record<AuditAction, [string, "green" | "amber" | "slate" | "red"]> = {
  created: ["Created", "green"],
  edited: ["Edited", "slate"],
  rolled: ["Rolled", "amber"],
  revoked: ["Revoked", "red"],
  deleted: ["Deleted", "red"],
  permission_denied: ["Permission denied", "red"],
  limit_reached: ["Limit reached", "amber"],
  leaked: ["Reported leaked", "red"],
  member_invited: ["Member invited", "slate"],
  invitation_revoked: ["Invitation revoked", "slate"],
  member_joined: ["Member joined", "green"],
  role_changed: ["Role changed", "amber"],
  member_removed: ["Member removed", "red"],
  member_left: ["Member left", "amber"],
  workspace_created: ["Workspace created", "green"],
  workspace_renamed: ["Workspace renamed", "slate"],
  two_factor_enabled: ["Two-factor turned on", "green"],
  two_factor_disabled: ["Two-factor turned off", "red"],
  backup_codes_regenerated: ["Backup codes replaced", "amber"],
  credential_shared: ["Credential sharing changed", "amber"],
  plan_changed: ["Plan changed", "slate"],
};

// Copy buttons are named "Copy ID of <name>", never with the word "key" of their own: the
// filter above is the field labelled "Key".
// Below lg a row is a card: event and time on one line, then the key, then who acted. The
// table's columns need about 730 px, which the page only has from lg up.
const td = "px-3 text-sm text-slate-700 align-top max-lg:block max-lg:px-0 lg:py-3";

/**
 * Who acted: a person in the browser (by the name and email they had then), a leak reporter,
 * or an API key, by name while it exists, and whose key it is.
 */
function Actor({ event }: { event: AuditEventDTO }) {
  const address = formatAddress(event.ip);
  return (
    <div className="min-w-0 space-y-0.5">
      {event.actorType === "session" ? (
        <>
          <p className="break-words">
            <span className="font-medium text-slate-900">{event.person?.name || "Someone"}</span>, in the browser
          </p>
          {event.person?.email && <p className="text-xs break-all text-slate-600">{event.person.email}</p>}
        </>
      ) : event.actorType === "public" ? (
        <p>Leak report</p>
      ) : (
        <>
          <p className="break-words">
            API key{event.actorName && <> <span className="font-medium text-slate-900">{event.actorName}</span></>}
          </p>
          {event.actorSid && <CopyableId value={event.actorSid} what={`ID of ${event.actorName ?? "the caller"}`} />}
          {event.person?.name && <p className="text-xs break-words text-slate-600">acting as {event.person.name}</p>}
        </>
      )}
      {address && (
        <p className="text-xs text-slate-600">
          from <span className="font-mono break-all">{address}</span>
        </p>
      )}
    </div>
  );
}

function Key({ event }: { event: AuditEventDTO }) {
  if (!event.keySid) return <span className="text-slate-500"><span aria-hidden>—</span><span className="sr-only">No key</span></span>;
  const name = event.keyName ?? event.keySid;
  return (
    <div className="min-w-0 space-y-0.5">
      <p>
        <Link href={`/settings/security-log?key=${event.keySid}`} className="font-medium break-words text-indigo-600 hover:text-indigo-500 hover:underline">
          <span className="sr-only">Show only the events of </span>
          {name}
        </Link>
      </p>
      <CopyableId value={event.keySid} what={`ID of ${name}`} />
    </div>
  );
}

export function EventRow({ event }: { event: AuditEventDTO }) {
  const [label, tone] = ACTIONS[event.action] ?? [event.action, "slate"];
  return (
    <tr className="hover:bg-slate-50 max-lg:grid max-lg:grid-cols-[minmax(0,1fr)_auto] max-lg:gap-x-3 max-lg:gap-y-2 max-lg:px-4 max-lg:py-3">
      <td className={`${td} whitespace-nowrap max-lg:col-start-2 max-lg:row-start-1 max-lg:text-right`}>
        <RelativeTime at={event.createdAt} />
      </td>
      <td className={`${td} max-lg:col-start-1 max-lg:row-start-1`}>
        <Badge tone={tone}>{label}</Badge>
        {event.detail && <p className="mt-1 text-sm break-words text-slate-600">{event.detail}</p>}
      </td>
      <td className={cn(td, "max-lg:col-span-2", !event.keySid && "max-lg:hidden")}>
        <Key event={event} />
      </td>
      <td className={`${td} max-lg:col-span-2`}>
        <Actor event={event} />
      </td>
    </tr>
  );
}
