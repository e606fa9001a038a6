import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { invitationTokenSchema, inviteSchema, type InviteInput } from "@/lib/validation/members";
import type { Viewer } from "@/lib/viewer";
import { atLeast, canInvite, isRole, ROLE_LABELS, type Role } from "@/lib/workspaces/roles";
import { appUrl, invitationMessage, queueMail } from "@/lib/mail";
import { emailIsVerified } from "./account-tokens";
import { auditActorOf, writeAuditEvent, type AuditActor } from "./audit";
import { hasRoomFor } from "@/lib/plans/limits";
import { limitIn, seatsIn } from "./plans";
import { LOCKED_TX, lockWorkspace, type Tx } from "./workspace-lock";

// Invitation links (../shared/WORKSPACES.md, decision 5): shown once, kept only as a SHA-256
// (the token carries 256 random bits, so a plain hash is enough: nothing to guess offline),
// single use, bound to the invited email, and short-lived. Every change runs under the
// workspace lock, like every other membership change, and decides with the actor's role as it
// is under that lock.

const TOKEN_PREFIX = "lki_";
const newToken = () => `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
const tokenHashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
const expiryFrom = (now: Date) => new Date(now.getTime() + env().INVITATION_TTL_HOURS * 3_600_000);

type Refused<R extends string> = { ok: false; reason: R };
const refuse = <R extends string>(reason: R): Refused<R> => ({ ok: false, reason });

export type InvitationDTO = { id: string; email: string; role: Role; expiresAt: Date };
export type PendingInvitationDTO = InvitationDTO & { invitedByName: string; createdAt: Date };

/** The actor's role in the viewer's workspace as it is now (under the caller's lock), or null. */
async function roleNow(tx: Tx, viewer: Viewer): Promise<Role | null> {
  const row = await tx.membership.findFirst({ where: { workspaceId: viewer.workspace.id, userId: viewer.id }, select: { role: true } });
  return row && isRole(row.role) ? row.role : null;
}

/** As in changeKeys: changes to one workspace queue on its lock, so give them time. */

const lockedChange = <T>(viewer: Viewer, steps: (tx: Tx, role: Role | null) => Promise<T>) =>
  db().$transaction(async (tx) => {
    await lockWorkspace(tx, viewer.workspace);
    return steps(tx, await roleNow(tx, viewer));
  }, LOCKED_TX);

export type CreateInvitationResult = { ok: true; invitation: InvitationDTO; token: string } | Refused<"forbidden" | "invalid" | "already_member" | "limit_reached">;

/**
 * Invites `email` as `role` (Owners any role, Admins up to Admin). The token is returned here
 * once; only its hash is stored. A pending invitation to the same address is revoked: one
 * live link per person. The log names the address and role, never the link.
 */
export async function createInvitation(viewer: Viewer, input: InviteInput): Promise<CreateInvitationResult> {
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) return refuse("invalid");
  // A person in the dashboard invites; an API key cannot (see bySession in members.ts).
  if (viewer.via !== "session") return refuse("forbidden");
  const { email, role } = parsed.data;
  const token = newToken();
  const created = await lockedChange(viewer, async (tx, actorRole): Promise<CreateInvitationResult> => {
    if (!actorRole || !canInvite(actorRole, role)) return refuse("forbidden");
    const member = await tx.membership.count({ where: { workspaceId: viewer.workspace.id, user: { email } } });
    if (member > 0) return refuse("already_member");
    // The members limit counts members and live pending invitations (lib/dal/plans.ts seatsIn),
    // but not this address's own pending one, which this invitation replaces.
    const { limit } = await limitIn(tx, viewer.workspace.id, "members");
    const seats = await seatsIn(tx, viewer.workspace.id, new Date(), email);
    if (!hasRoomFor(seats.members + seats.invited, limit)) return refuse("limit_reached");
    const replaced = await tx.invitation.updateMany({ where: { workspaceId: viewer.workspace.id, email, status: "pending" }, data: { status: "revoked" } });
    const invitation = await tx.invitation.create({
      data: { workspaceId: viewer.workspace.id, email, role, tokenHash: tokenHashOf(token), invitedById: viewer.id, invitedByName: viewer.name, expiresAt: expiryFrom(new Date()) },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    const detail = `Invited ${email} as ${ROLE_LABELS[role]}${replaced.count > 0 ? " (replaces the earlier invitation)" : ""}`;
    await writeAuditEvent(tx, auditActorOf(viewer), "member_invited", { detail });
    return { ok: true, invitation: { ...invitation, role }, token };
  });
  if (created.ok) mailInvitation(viewer, created.invitation, token);
  return created;
}

/**
 * The invitation by mail, after the commit; the inviter still sees the link once, for
 * instances without mail or an address that does not get it.
 */
function mailInvitation(viewer: Viewer, invitation: InvitationDTO, token: string) {
  const message = invitationMessage({
    inviterName: viewer.name,
    workspaceName: viewer.workspace.name,
    role: ROLE_LABELS[invitation.role],
    link: appUrl(`/invite/${token}`),
    expiresAt: invitation.expiresAt,
  });
  queueMail({ to: invitation.email, ...message });
}

/** Pending, unexpired invitations, newest first: for Admins and Owners, who may invite. */
export async function listInvitations(viewer: Viewer): Promise<{ ok: true; invitations: PendingInvitationDTO[] } | Refused<"forbidden">> {
  if (!atLeast(viewer.role, "admin")) return refuse("forbidden");
  const rows = await db().invitation.findMany({
    where: { workspaceId: viewer.workspace.id, status: "pending", expiresAt: { gt: new Date() } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, email: true, role: true, expiresAt: true, invitedByName: true, createdAt: true },
  });
  return { ok: true, invitations: rows.filter((row): row is typeof row & { role: Role } => isRole(row.role)) };
}

/**
 * The viewer's pending invitation `id`, if they may manage it: one of a role they could grant
 * themselves. Managing includes issuing a new link, which is granting the role again.
 */
async function invitationToManage(tx: Tx, viewer: Viewer, actorRole: Role | null, id: string) {
  const invitation = await tx.invitation.findFirst({ where: { id, workspaceId: viewer.workspace.id, status: "pending" }, select: { id: true, email: true, role: true } });
  if (!invitation || !isRole(invitation.role)) return "not_found" as const;
  if (!actorRole || !canInvite(actorRole, invitation.role)) return "forbidden" as const;
  return { ...invitation, role: invitation.role };
}

export type RevokeInvitationResult = { ok: true } | Refused<"not_found" | "forbidden">;

/** Revokes a pending invitation (expired or not): its link stops working. */
export async function revokeInvitation(viewer: Viewer, id: string): Promise<RevokeInvitationResult> {
  if (viewer.via !== "session") return refuse("forbidden");
  return lockedChange(viewer, async (tx, actorRole): Promise<RevokeInvitationResult> => {
    const invitation = await invitationToManage(tx, viewer, actorRole, id);
    if (typeof invitation === "string") return refuse(invitation);
    await tx.invitation.updateMany({ where: { id, workspaceId: viewer.workspace.id, status: "pending" }, data: { status: "revoked" } });
    await writeAuditEvent(tx, auditActorOf(viewer), "invitation_revoked", { detail: `Revoked the invitation of ${invitation.email} as ${ROLE_LABELS[invitation.role]}` });
    return { ok: true };
  });
}

export type RenewInvitationResult = { ok: true; invitation: InvitationDTO; token: string } | Refused<"not_found" | "forbidden">;

/**
 * A new link for a pending invitation (expired or not), shown once: a new token, hash and
 * expiry, so the old link stops working. The renewer becomes the inviter, whose role must
 * still allow the invited one when the link is accepted.
 */
export async function renewInvitationLink(viewer: Viewer, id: string): Promise<RenewInvitationResult> {
  if (viewer.via !== "session") return refuse("forbidden");
  const token = newToken();
  const renewed = await lockedChange(viewer, async (tx, actorRole): Promise<RenewInvitationResult> => {
    const invitation = await invitationToManage(tx, viewer, actorRole, id);
    if (typeof invitation === "string") return refuse(invitation);
    const expiresAt = expiryFrom(new Date());
    await tx.invitation.updateMany({
      where: { id, workspaceId: viewer.workspace.id, status: "pending" },
      data: { tokenHash: tokenHashOf(token), expiresAt, invitedById: viewer.id, invitedByName: viewer.name },
    });
    await writeAuditEvent(tx, auditActorOf(viewer), "member_invited", { detail: `New invitation link for ${invitation.email} as ${ROLE_LABELS[invitation.role]}; the old link stopped working` });
    return { ok: true, invitation: { id, email: invitation.email, role: invitation.role, expiresAt }, token };
  });
  if (renewed.ok) mailInvitation(viewer, renewed.invitation, token);
  return renewed;
}

/** A live invitation by its token, or null: unknown, malformed, expired, revoked and used alike. */
async function liveInvitation(token: string, now: Date) {
  if (!invitationTokenSchema.safeParse(token).success) return null;
  const row = await db().invitation.findFirst({
    where: { tokenHash: tokenHashOf(token), status: "pending", expiresAt: { gt: now } },
    select: { id: true, workspaceId: true, email: true, role: true, expiresAt: true, invitedById: true, invitedByName: true, workspace: { select: { name: true, slug: true } } },
  });
  return row && isRole(row.role) ? { ...row, role: row.role } : null;
}

export type InvitationPreview = { workspaceName: string; invitedByName: string; role: Role; email: string; expiresAt: Date };

/** For the accept page: what the link offers, or null for every kind of dead link alike. */
export async function describeInvitation(token: string): Promise<InvitationPreview | null> {
  const row = await liveInvitation(token, new Date());
  if (!row) return null;
  return { workspaceName: row.workspace.name, invitedByName: row.invitedByName, role: row.role, email: row.email, expiresAt: row.expiresAt };
}

export type AcceptInvitationResult = { ok: true; slug: string } | Refused<"invalid" | "wrong_email" | "unverified" | "limit_reached">;

/**
 * Joins the invitation's workspace as the signed-in `user`, whose email must be the invited
 * one. Single use under concurrency: under the workspace lock, the invitation is claimed with a
 * conditional update (still pending, same token, unexpired) and only the request that claimed
 * it adds the membership; the unique (workspace, user) index is the backstop. The inviter's role
 * is checked again now: an invitation from someone who has since left or been demoted below
 * the invited role no longer works. Someone already a member keeps their role.
 */
export async function acceptInvitation(user: { id: string; email: string }, token: string, ip: string | null = null): Promise<AcceptInvitationResult> {
  const now = new Date();
  const found = await liveInvitation(token, now);
  if (!found) return refuse("invalid");
  const person = await db().user.findUnique({ where: { id: user.id }, select: { id: true, name: true, email: true } });
  if (!person) return refuse("invalid");
  // Both the session's address and the account's stored one (the session may predate a change).
  if (user.email.toLowerCase() !== found.email || person.email !== found.email) return refuse("wrong_email");
  // With REQUIRE_EMAIL_VERIFICATION, joining needs the address proved, not just typed at sign-up.
  if (!(await emailIsVerified(person.id))) return refuse("unverified");
  return db().$transaction(async (tx): Promise<AcceptInvitationResult> => {
    await lockWorkspace(tx, { id: found.workspaceId });
    const inviter = found.invitedById
      ? await tx.membership.findFirst({ where: { workspaceId: found.workspaceId, userId: found.invitedById }, select: { role: true } })
      : null;
    if (!inviter || !isRole(inviter.role) || !canInvite(inviter.role, found.role)) return refuse("invalid");
    // Someone already a member takes no seat. Anyone else needs one among the members: their
    // invitation held a seat until now, but the plan may have been lowered since. Refused,
    // the invitation stays pending, so it works once a seat is free or the plan is raised.
    const already = await tx.membership.count({ where: { workspaceId: found.workspaceId, userId: person.id } });
    const { limit } = await limitIn(tx, found.workspaceId, "members");
    if (already === 0 && !hasRoomFor(await tx.membership.count({ where: { workspaceId: found.workspaceId } }), limit)) return refuse("limit_reached");
    const claimed = await tx.invitation.updateMany({
      where: { id: found.id, workspaceId: found.workspaceId, tokenHash: tokenHashOf(token), status: "pending", expiresAt: { gt: new Date() } },
      data: { status: "accepted", acceptedById: person.id, acceptedAt: new Date() },
    });
    if (claimed.count !== 1) return refuse("invalid");
    const existing = await tx.membership.count({ where: { workspaceId: found.workspaceId, userId: person.id } });
    if (existing === 0) {
      await tx.membership.create({ data: { workspaceId: found.workspaceId, userId: person.id, role: found.role }, select: { id: true } });
      const actor: AuditActor = { workspaceId: found.workspaceId, person, type: "session", keySid: null, ip };
      await writeAuditEvent(tx, actor, "member_joined", { detail: `${person.name} <${person.email}> joined as ${ROLE_LABELS[found.role]}, invited by ${found.invitedByName}` });
    }
    return { ok: true, slug: found.workspace.slug };
  }, LOCKED_TX);
}
