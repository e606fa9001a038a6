"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { fail, failField, failFields, ok, type ActionResult } from "@/lib/action-result";
import { createInvitation, renewInvitationLink, revokeInvitation, type InvitationDTO } from "@/lib/dal/invitations";
import { changeRole, leaveWorkspace, removalImpact, removeMember, type RemovalImpact } from "@/lib/dal/members";
import { limitReachedMessage } from "@/lib/dal/plans";
import { requireRecentAuth, requireSession, requireViewer } from "@/lib/session";
import { fieldErrors } from "@/lib/validation/api";
import { invitationIdSchema, inviteSchema, memberIdSchema, removalSchema, roleChangeSchema } from "@/lib/validation/members";
import type { Role } from "@/lib/workspaces/roles";

// Every export here is a public POST endpoint: each one authenticates and validates itself,
// and the DAL decides with the caller's role as it is under the workspace's lock, so a forged
// form (a Member inviting an Owner, an id from another workspace) reaches a refusal, not a row.
// The only secret that leaves is an invitation link, in the result of the action that made it.
// Inviting, issuing a new link, changing a role and removing someone also need a recent proof of
// identity (requireRecentAuth): a stolen session cookie alone cannot let anyone in or push anyone out.

const RETURN_TO = "/settings/members";
const refresh = () => revalidatePath("/w/[workspace]/settings", "layout");

const LAST_OWNER = "A workspace needs at least one Owner. Make someone else an Owner first.";
const MEMBER_GONE = "That person is no longer a member of this workspace.";
const INVITATION_GONE = "That invitation is no longer pending: it was accepted or revoked. Refresh the page to see the current list.";

/** An invitation as the dialog shows it once: the full link, to whom, as what, until when. */
export type RevealedInvitation = { id: string; link: string; email: string; role: Role; expiresAt: Date };

/**
 * The app's public address, for a link someone else will open: NEXTAUTH_URL (the public URL
 * next-auth builds its redirects from) when set, else the Origin of this request, which
 * proxy.ts has already required to be this site (every action is a POST). Never the Host
 * header alone: behind a proxy that rewrites it, the link would name an internal address.
 */
async function publicOrigin(): Promise<string> {
  // lib/env.ts does not carry NEXTAUTH_URL (next-auth and proxy.ts read it directly), so neither can this.
  const configured = process.env.NEXTAUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // A malformed setting: fall back to the request's own origin below.
    }
  }
  return (await headers()).get("origin") ?? "";
}

async function revealed(invitation: InvitationDTO, token: string): Promise<RevealedInvitation> {
  return { id: invitation.id, link: `${await publicOrigin()}/invite/${token}`, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt };
}

/** Invite dialog: a new invitation and its link, shown once. */
export async function inviteMemberAction(input: unknown): Promise<ActionResult<{ invitation: RevealedInvitation }>> {
  const session = await requireSession(RETURN_TO);
  const { viewer } = session;
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) return failFields(fieldErrors(parsed.error));
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const created = await createInvitation(viewer, parsed.data);
  if (!created.ok) {
    switch (created.reason) {
      case "already_member":
        return failField("email", `${parsed.data.email} is already a member of this workspace.`);
      case "forbidden":
        return fail("Only Admins and Owners can invite people, and only to a role no higher than their own.");
      case "limit_reached":
        // Pending invitations count against the members limit (lib/dal/plans.ts seatsIn).
        return fail(await limitReachedMessage(viewer, "members"));
      default:
        return failFields({ email: "Enter a valid email address." });
    }
  }
  refresh();
  return ok({ invitation: await revealed(created.invitation, created.token) });
}

/** Pending invitations, "Copy new link": a new link, shown once; the old one stops working. */
export async function renewInvitationLinkAction(id: unknown): Promise<ActionResult<{ invitation: RevealedInvitation }>> {
  const session = await requireSession(RETURN_TO);
  const { viewer } = session;
  const parsed = invitationIdSchema.safeParse(id);
  if (!parsed.success) return fail(INVITATION_GONE);
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const renewed = await renewInvitationLink(viewer, parsed.data);
  if (!renewed.ok) {
    return fail(renewed.reason === "forbidden" ? "Only Admins and Owners can issue invitation links, and only for a role no higher than their own." : INVITATION_GONE);
  }
  refresh();
  return ok({ invitation: await revealed(renewed.invitation, renewed.token) });
}

export async function revokeInvitationAction(id: unknown): Promise<ActionResult> {
  const viewer = await requireViewer(RETURN_TO);
  const parsed = invitationIdSchema.safeParse(id);
  if (!parsed.success) return fail(INVITATION_GONE);
  const revoked = await revokeInvitation(viewer, parsed.data);
  if (!revoked.ok) {
    return fail(revoked.reason === "forbidden" ? "Only Admins and Owners can revoke invitations, and only for a role no higher than their own." : INVITATION_GONE);
  }
  refresh();
  return ok({ message: "Invitation revoked. Its link no longer works." });
}

/** A role dropdown. The toast names the person, so the client writes it. */
export async function changeRoleAction(input: unknown): Promise<ActionResult<{ role: Role; changed: boolean }>> {
  const session = await requireSession(RETURN_TO);
  const { viewer } = session;
  const parsed = roleChangeSchema.safeParse(input);
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "Choose a role.");
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const changed = await changeRole(viewer, parsed.data.userId, parsed.data.role);
  if (!changed.ok) {
    switch (changed.reason) {
      case "last_owner":
        return fail(LAST_OWNER);
      case "not_found":
        return fail(MEMBER_GONE);
      case "invalid":
        return fail("Choose a role.");
      default:
        return fail("You cannot give that role. Owners change any role; Admins move people between Member and Viewer; nobody grants a role above their own.");
    }
  }
  refresh();
  return ok({ role: changed.role, changed: changed.changed });
}

/** The Remove dialog asks this first: what removing the person would do. */
export async function removalImpactAction(userId: unknown): Promise<ActionResult<{ impact: RemovalImpact }>> {
  const viewer = await requireViewer(RETURN_TO);
  const parsed = memberIdSchema.safeParse(userId);
  if (!parsed.success) return fail(MEMBER_GONE);
  const found = await removalImpact(viewer, parsed.data);
  if (!found.ok) return fail(found.reason === "forbidden" ? "Only Owners can remove Admins and Owners; Admins remove Members and Viewers." : MEMBER_GONE);
  return ok({ impact: found.impact });
}

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

export async function removeMemberAction(input: unknown): Promise<ActionResult> {
  const session = await requireSession(RETURN_TO);
  const { viewer } = session;
  const parsed = removalSchema.safeParse(input);
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? MEMBER_GONE);
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const removed = await removeMember(viewer, parsed.data.userId, { private: parsed.data.private });
  if (!removed.ok) {
    switch (removed.reason) {
      case "last_owner":
        return fail(LAST_OWNER);
      case "not_found":
        return fail(MEMBER_GONE);
      case "invalid":
        return fail("To leave the workspace yourself, use Leave workspace in your own row.");
      default:
        return fail("Only Admins and Owners can remove people: Owners anyone, Admins Members and Viewers.");
    }
  }
  refresh();
  const moved = removed.credentials + removed.webhooks;
  const what = moved === 0 ? "" : ` ${count(removed.credentials, "credential")} and ${count(removed.webhooks, "webhook")} ${parsed.data.private === "transfer" ? "are now yours" : "were deleted"}.`;
  return ok({ message: `Removed. ${count(removed.revokedKeys.length, "member key")} stopped working.${what}` });
}

/** The viewer leaves this workspace; the client then opens another of theirs. */
export async function leaveWorkspaceAction(): Promise<ActionResult> {
  const viewer = await requireViewer(RETURN_TO);
  const left = await leaveWorkspace(viewer);
  if (!left.ok) return fail(left.reason === "last_owner" ? `You are the only Owner of ${viewer.workspace.name}. ${LAST_OWNER}` : "You are no longer a member of this workspace.");
  refresh();
  return ok({ message: `You left ${viewer.workspace.name}.${left.revokedKeys.length > 0 ? ` ${count(left.revokedKeys.length, "member key")} stopped working.` : ""}` });
}
