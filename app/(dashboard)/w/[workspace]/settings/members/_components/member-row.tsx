import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { MemberDTO } from "@/lib/dal/members";
import { atLeast, canChangeRole, canRemove, ROLES, type Role } from "@/lib/workspaces/roles";
import { MemberRowMenu } from "./member-row-menu";
import { RoleBadge } from "./role-badge";
import { RoleSelect } from "./role-select";

type Viewer = { role: Role; workspaceName: string };

/**
 * The roles `actor` may set for a member who is `current` now: the current one and every
 * role the actor may both change it to and grant (nobody grants more than they hold). The
 * server decides again under the workspace's lock; this only keeps impossible choices off screen.
 */
export function grantableRoles(actor: Role, current: Role): Role[] {
  return ROLES.filter((role) => role === current || (canChangeRole(actor, current, role) && atLeast(actor, role)));
}

/**
 * One member. From md up a row: name and email; role; joined; menu. Below md the parts stack,
 * with the menu in the top corner.
 */
type TwoFactor = { on: boolean; required: boolean };

/** Whether the member signs in with a second factor; amber when the workspace requires it and they do not. */
function TwoFactorBadge({ on, required }: TwoFactor) {
  if (on) return <Badge tone="green">Two-factor on</Badge>;
  return <Badge tone={required ? "amber" : "slate"}>{required ? "Two-factor missing" : "No two-factor"}</Badge>;
}

export function MemberRow({ member, viewer, owners, twoFactor }: { member: MemberDTO; viewer: Viewer; owners: number; twoFactor: TwoFactor }) {
  // The only Owner keeps the role: offering a dropdown that can only be refused would mislead.
  const soleOwner = member.role === "owner" && owners <= 1;
  const options = soleOwner ? [] : grantableRoles(viewer.role, member.role);
  return (
    <li aria-label={member.name} className="relative grid gap-x-6 gap-y-2 px-4 py-4 sm:px-5 md:grid-cols-[minmax(0,1fr)_10rem_11rem_2rem] md:items-center">
      <div className="min-w-0 max-md:pr-10">
        <p className="font-medium break-words text-slate-900">
          {member.name}
          {member.isYou && <span className="ml-1.5 text-sm font-normal text-slate-600">(you)</span>}
        </p>
        <p className="text-sm break-all text-slate-600">{member.email}</p>
        <p className="mt-1">
          <TwoFactorBadge {...twoFactor} />
        </p>
      </div>
      <div>
        {options.length > 1 ? (
          <RoleSelect userId={member.userId} name={member.name} role={member.role} options={options} isYou={member.isYou} />
        ) : (
          <RoleBadge role={member.role} />
        )}
      </div>
      <p className="text-sm text-slate-600">
        Joined <RelativeTime at={member.joinedAt} />
      </p>
      <div className="max-md:absolute max-md:top-3 max-md:right-2 md:text-right">
        <MemberRowMenu
          member={{ userId: member.userId, name: member.name, email: member.email }}
          isYou={member.isYou}
          removable={!member.isYou && canRemove(viewer.role, member.role) && !soleOwner}
          workspaceName={viewer.workspaceName}
          lastOwner={member.isYou && soleOwner}
        />
      </div>
    </li>
  );
}
