import type { Metadata } from "next";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { QuotaCard } from "@/components/ui/quota-bar";
import { listInvitations } from "@/lib/dal/invitations";
import { listMembers } from "@/lib/dal/members";
import { workspaceQuota } from "@/lib/dal/plans";
import { getTwoFactorPolicy, membersWithTwoFactor } from "@/lib/dal/workspaces";
import { env } from "@/lib/env";
import { MEMBER_LIMIT_ADVICE, QUOTA_NOUNS, quotaOf } from "@/lib/plans/limits";
import { requireViewer } from "@/lib/session";
import { atLeast, canInvite, ROLE_LABELS, ROLES, type Role } from "@/lib/workspaces/roles";
import { InvitationRow } from "./_components/invitation-row";
import { InviteDialog } from "./_components/invite-dialog";
import { MemberRow } from "./_components/member-row";

export const metadata: Metadata = { title: "Members" };

/** What a Member or Viewer may do, said to them (ROLE_DESCRIPTIONS says it of someone else). */
const YOUR_ROLE: Partial<Record<Role, string>> = {
  member: "you create and manage your own keys, credentials and webhooks, and see everyone's keys.",
  viewer: "you see keys, their details and usage, and change nothing.",
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
/** INVITATION_TTL_HOURS as people say it: "3 days", "36 hours". */
const lifetimeOf = (hours: number) => (hours % 24 === 0 ? plural(hours / 24, "day") : plural(hours, "hour"));

/**
 * Settings → Members. Everyone sees who is in the workspace and with which role; Admins and
 * Owners also invite, change roles, remove, and see pending invitations. What a role cannot
 * do is not shown, and every action refuses it anyway.
 */
export default async function MembersPage() {
  const viewer = await requireViewer("/settings/members");
  const manages = atLeast(viewer.role, "admin");
  const [members, pending, withTwoFactor, policy, quota] = await Promise.all([
    listMembers(viewer),
    manages ? listInvitations(viewer) : null,
    membersWithTwoFactor(viewer),
    getTwoFactorPolicy(viewer),
    workspaceQuota(viewer),
  ]);
  const invitations = pending?.ok ? pending.invitations : [];
  const owners = members.filter((m) => m.role === "owner").length;
  const invitable = ROLES.filter((role) => canInvite(viewer.role, role));
  // Pending invitations are for Admins and Owners to see, their number included: the others
  // see the members only.
  const seats = manages ? quota.members : quotaOf(members.length, quota.members.limit, quota.planName);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Members"
        description={`The people in ${viewer.workspace.name} and what each may do. Owners manage everything, Admins manage every key and invite people, Members manage their own keys, Viewers only look.`}
      />
      {/* Members and pending invitations share the members limit: a link holds a place until it is accepted, revoked or expires. */}
      <QuotaCard
        quota={seats}
        noun={QUOTA_NOUNS.members}
        addLabel="Invite member"
        advice={MEMBER_LIMIT_ADVICE}
        add={invitable.length > 0 ? <InviteDialog roles={invitable} lifetime={lifetimeOf(env().INVITATION_TTL_HOURS)} /> : undefined}
      />
      {manages && quota.invited > 0 && quota.members.limit !== null && (
        <p className="-mt-4 text-sm text-slate-600">Counting {plural(quota.invited, "pending invitation")}: each holds a place until it is accepted, revoked or expires.</p>
      )}
      {!manages && (
        <p role="note" className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200">
          You are a {ROLE_LABELS[viewer.role]} here: {YOUR_ROLE[viewer.role]} Admins and Owners invite people and change roles. You can leave the workspace
          from your own row.
        </p>
      )}
      <Card labelledBy="members-title">
        <h2 id="members-title" className="border-b border-slate-200 px-5 py-3 text-sm font-semibold text-slate-900">
          {plural(members.length, "member")}
        </h2>
        <ul className="divide-y divide-slate-100">
          {members.map((member) => (
            <MemberRow
              key={member.userId}
              member={member}
              viewer={{ role: viewer.role, workspaceName: viewer.workspace.name }}
              owners={owners}
              twoFactor={{ on: withTwoFactor.has(member.userId), required: policy.required }}
            />
          ))}
        </ul>
      </Card>
      {manages && (
        <Card labelledBy="invitations-title">
          <h2 id="invitations-title" className="border-b border-slate-200 px-5 py-3 text-sm font-semibold text-slate-900">
            Pending invitations
          </h2>
          {invitations.length === 0 ? (
            <EmptyState title="No pending invitations">
              Invite someone with Invite member. Their invitation waits here until they accept it, it expires, or you revoke it.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {invitations.map((invitation) => <InvitationRow key={invitation.id} invitation={invitation} viewerRole={viewer.role} />)}
            </ul>
          )}
        </Card>
      )}
    </div>
  );
}
