import { RelativeTime } from "@/components/ui/relative-time";
import type { PendingInvitationDTO } from "@/lib/dal/invitations";
import { canInvite, type Role } from "@/lib/workspaces/roles";
import { InvitationRowMenu } from "./invitation-row-menu";
import { RoleBadge } from "./role-badge";

/** One pending invitation: to whom, as what, from whom, until when; and its menu, if the viewer may manage it. */
export function InvitationRow({ invitation, viewerRole }: { invitation: PendingInvitationDTO; viewerRole: Role }) {
  return (
    <li aria-label={invitation.email} className="relative grid gap-x-6 gap-y-2 px-4 py-4 sm:px-5 md:grid-cols-[minmax(0,1fr)_10rem_11rem_2rem] md:items-center">
      <div className="min-w-0 max-md:pr-10">
        <p className="font-medium break-all text-slate-900">{invitation.email}</p>
        <p className="text-sm text-slate-600">
          Invited by {invitation.invitedByName} <RelativeTime at={invitation.createdAt} />
        </p>
      </div>
      <div>
        <RoleBadge role={invitation.role} />
      </div>
      <p className="text-sm text-slate-600">
        Expires <RelativeTime at={invitation.expiresAt} />
      </p>
      <div className="max-md:absolute max-md:top-3 max-md:right-2 md:text-right">
        {canInvite(viewerRole, invitation.role) && <InvitationRowMenu id={invitation.id} email={invitation.email} />}
      </div>
    </li>
  );
}
