import "server-only";
import { appUrl, queueMail, removedMessage, roleChangedMessage } from "@/lib/mail";
import { keyRing } from "@/lib/crypto/key-ring";
import { open, seal } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db";
import { workspaceNameSchema, type PrivateDataChoice } from "@/lib/validation/members";
import type { Viewer, ViewerWorkspace } from "@/lib/viewer";
import { keyEventData } from "@/lib/webhooks/events";
import { atLeast, canChangeRole, canManageWorkspace, canRemove, isRole, ROLE_LABELS, ROLES, type Role } from "@/lib/workspaces/roles";
import { auditActorOf, writeAuditEvent } from "./audit";
import { credentialAad } from "./credentials";
import { changeKeys, type KeyChange } from "./key-change-protocol";
import { keySelect, keyStatus, type KeyStatus } from "./keys";
import { secretAad } from "./webhooks";
import { LOCKED_TX, lockWorkspace, type Tx } from "./workspace-lock";
import { createOwnedWorkspace } from "./workspaces";

// Memberships and the workspace itself. Every change here runs under the workspace lock
// (lockWorkspace, or changeKeys, which takes it first) and decides with the actor's role as it
// is under that lock, not as the request saw it: two Owners demoting each other in parallel
// must not both pass on roles that the first change has already taken away.

export type MemberRefusal = "not_found" | "forbidden" | "last_owner" | "invalid";
type Refused<R extends string = MemberRefusal> = { ok: false; reason: R };
const refuse = <R extends string>(reason: R): Refused<R> => ({ ok: false, reason });

/** Why a membership change revoked a key (ApiKey.revokedReason). */
export type MembershipRevocation = "member_removed" | "member_left";

/**
 * Membership changes are made by a person in the dashboard. An API key, even an Owner's
 * Read/Write member key, may not invite, promote or remove anyone: a leaked key must not be
 * able to make its finder an Owner. There is no API for these today; one would decide anew.
 */
const bySession = (viewer: Viewer) => viewer.via === "session";

type Member = { userId: string; role: Role; name: string; email: string };
const named = (m: { name: string; email: string }) => `${m.name} <${m.email}>`;

const memberSelect = { role: true, user: { select: { id: true, name: true, email: true } } } as const;
type MemberRow = { role: string; user: { id: string; name: string; email: string } } | null;
const toMember = (row: MemberRow): Member | null => (row && isRole(row.role) ? { userId: row.user.id, role: row.role, name: row.user.name, email: row.user.email } : null);

/** Someone's membership of the viewer's workspace, or null (not a member, or not this workspace's). */
const memberOf = async (tx: Tx, workspace: { id: string }, userId: string) =>
  toMember(await tx.membership.findFirst({ where: { workspaceId: workspace.id, userId }, select: memberSelect }));

const ownerCount = (tx: Tx, workspace: { id: string }) => tx.membership.count({ where: { workspaceId: workspace.id, role: "owner" } });

export type MemberDTO = { userId: string; name: string; email: string; role: Role; joinedAt: Date; isYou: boolean };

/** Everyone in the viewer's workspace, Owners first, then by name. Every member may see this. */
export async function listMembers(viewer: Viewer): Promise<MemberDTO[]> {
  const rows = await db().membership.findMany({
    where: { workspaceId: viewer.workspace.id },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows
    .filter((row): row is typeof row & { role: Role } => isRole(row.role))
    .map((row) => ({ userId: row.user.id, name: row.user.name, email: row.user.email, role: row.role, joinedAt: row.createdAt, isYou: row.user.id === viewer.id }))
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

export type ChangeRoleResult = { ok: true; changed: boolean; role: Role } | Refused;

/**
 * Sets `userId`'s role. Owners change any role, Admins only between Member and Viewer, and
 * nobody grants a role above their own. An Owner may demote another Owner or themselves only
 * while another Owner remains. Every key acting as the member is dropped from every instance's
 * verification cache in the same change, so a downgrade caps their keys on the next request.
 */
export async function changeRole(viewer: Viewer, userId: string, role: Role): Promise<ChangeRoleResult> {
  if (!isRole(role)) return refuse("invalid");
  if (!bySession(viewer)) return refuse("forbidden");
  let changed: Member | null = null;
  const result = await changeKeys(auditActorOf(viewer), async (change): Promise<ChangeRoleResult> => {
    const actor = await memberOf(change.tx, viewer.workspace, viewer.id);
    if (!actor) return refuse("forbidden");
    const target = await memberOf(change.tx, viewer.workspace, userId);
    if (!target) return refuse("not_found");
    if (!canChangeRole(actor.role, target.role, role) || !atLeast(actor.role, role)) return refuse("forbidden");
    if (target.role === role) return { ok: true, changed: false, role };
    if (target.role === "owner" && (await ownerCount(change.tx, viewer.workspace)) <= 1) return refuse("last_owner");
    await change.tx.membership.updateMany({ where: { workspaceId: viewer.workspace.id, userId }, data: { role } });
    await change.note({ action: "role_changed", detail: `${named(target)}: ${ROLE_LABELS[target.role]} → ${ROLE_LABELS[role]}` });
    // Their keys' cached answers carry the old role (verify.ts caps a member key by it).
    const keys = await change.read.apiKey.findMany({ where: { workspaceId: viewer.workspace.id, userId, revokedAt: null }, select: { sid: true } });
    for (const key of keys) await change.touch(key.sid);
    changed = target;
    return { ok: true, changed: true, role };
  });
  // Mail after the commit, never inside the transaction (a rolled-back change sends nothing).
  const member = changed as Member | null;
  if (result.ok && member && member.userId !== viewer.id) {
    const url = appUrl(`/w/${viewer.workspace.slug}/settings/api-keys`);
    queueMail({ to: member.email, ...roleChangedMessage({ workspaceName: viewer.workspace.name, role: ROLE_LABELS[role], changedBy: viewer.name, url }) });
  }
  return result;
}

export type RemovalImpact = {
  member: { userId: string; name: string; email: string; role: Role };
  /** Keys acting as them that have not been revoked: they stop. */
  memberKeys: Array<{ sid: string; name: string; status: KeyStatus }>;
  /** Service keys they created: these act as the workspace and keep working. */
  serviceKeysCreated: Array<{ sid: string; name: string }>;
  /** Their credentials and webhooks: transferred to the remover or deleted, as the remover chooses. */
  credentials: Array<{ id: string; name: string }>;
  webhooks: Array<{ id: string; name: string }>;
};

/**
 * What removing `userId` would do, for the confirmation dialog. Shown to those who may remove
 * them, and to a member about themselves (what leaving does to their keys).
 */
export async function removalImpact(viewer: Viewer, userId: string): Promise<{ ok: true; impact: RemovalImpact } | Refused<"not_found" | "forbidden">> {
  const workspaceId = viewer.workspace.id;
  const target = toMember(await db().membership.findFirst({ where: { workspaceId, userId }, select: memberSelect }));
  if (!target) return refuse("not_found");
  if (userId !== viewer.id && !canRemove(viewer.role, target.role)) return refuse("forbidden");
  const now = new Date();
  const [memberKeys, serviceKeysCreated, credentials, webhooks] = await Promise.all([
    db().apiKey.findMany({ where: { workspaceId, userId, revokedAt: null }, orderBy: { name: "asc" }, select: { sid: true, name: true, revokedAt: true, expiresAt: true } }),
    db().apiKey.findMany({ where: { workspaceId, userId: null, createdById: userId, revokedAt: null }, orderBy: { name: "asc" }, select: { sid: true, name: true } }),
    db().credential.findMany({ where: { workspaceId, userId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db().webhook.findMany({ where: { workspaceId, userId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return {
    ok: true,
    impact: {
      member: { userId: target.userId, name: target.name, email: target.email, role: target.role },
      memberKeys: memberKeys.map((key) => ({ sid: key.sid, name: key.name, status: keyStatus(key, now) })),
      serviceKeysCreated,
      credentials,
      webhooks,
    },
  };
}

/**
 * Ends `member`'s membership inside `change`: the membership row goes, every key acting as them
 * is revoked (a write, so re-adding them later revives nothing; a rolled key's old and new
 * secret alike), their pending invitations are revoked, and the credentials shared with them
 * by name are no longer shared with them. Returns the revoked keys' sids.
 */
async function endMembership(change: KeyChange, viewer: Viewer, member: Member, reason: MembershipRevocation): Promise<string[]> {
  const workspaceId = viewer.workspace.id;
  await change.tx.membership.deleteMany({ where: { workspaceId, userId: member.userId } });
  await change.tx.invitation.updateMany({ where: { workspaceId, invitedById: member.userId, status: "pending" }, data: { status: "revoked" } });
  // Credentials shared with them by name are theirs to use no more: the shares go, so coming back later restores none.
  await change.tx.credentialShare.deleteMany({ where: { userId: member.userId, credential: { workspaceId } } });
  const keys = await change.read.apiKey.findMany({ where: { workspaceId, userId: member.userId, revokedAt: null }, select: keySelect });
  const now = new Date();
  const why = reason === "member_removed" ? `${named(member)} was removed from the workspace` : `${named(member)} left the workspace`;
  const actor = { type: "session" as const };
  for (const key of keys) {
    await change.update(key, { revokedAt: now, revokedReason: reason }, { action: "revoked", detail: why, event: { type: "key.revoked", data: keyEventData(key, actor) } });
  }
  return keys.map((key) => key.sid);
}

// Credentials and webhook signing secrets are sealed bound to their row and their creator
// (credentialAad, secretAad), so handing one to someone else re-seals it for them.

/** Hands `from`'s credentials and webhooks in this workspace to `to`; returns how many of each. */
async function transferPrivate(tx: Tx, workspace: { id: string }, from: string, to: string) {
  const credentials = await tx.credential.findMany({ where: { workspaceId: workspace.id, userId: from }, select: { id: true, keyId: true, sealed: true } });
  const webhooks = await tx.webhook.findMany({ where: { workspaceId: workspace.id, userId: from }, select: { id: true, secretKeyId: true, secretSealed: true } });
  if (credentials.length + webhooks.length === 0) return { credentials: 0, webhooks: 0 };
  const ring = keyRing();
  for (const row of credentials) {
    const box = seal(ring, open(ring, row, credentialAad(row.id, from)), credentialAad(row.id, to));
    await tx.credential.updateMany({ where: { id: row.id, workspaceId: workspace.id, userId: from }, data: { userId: to, ...box } });
  }
  for (const row of webhooks) {
    const secret = open(ring, { keyId: row.secretKeyId, sealed: row.secretSealed }, secretAad(row.id, from));
    const box = seal(ring, secret, secretAad(row.id, to));
    await tx.webhook.updateMany({ where: { id: row.id, workspaceId: workspace.id, userId: from }, data: { userId: to, secretKeyId: box.keyId, secretSealed: box.sealed } });
  }
  return { credentials: credentials.length, webhooks: webhooks.length };
}

async function deletePrivate(tx: Tx, workspace: { id: string }, userId: string) {
  const credentials = await tx.credential.deleteMany({ where: { workspaceId: workspace.id, userId } });
  const webhooks = await tx.webhook.deleteMany({ where: { workspaceId: workspace.id, userId } });
  return { credentials: credentials.count, webhooks: webhooks.count };
}

const counted = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

export type RemoveMemberResult = { ok: true; revokedKeys: string[]; credentials: number; webhooks: number } | Refused;

/**
 * Removes `userId` from the workspace. Owners remove anyone but the last Owner, Admins remove
 * Members and Viewers. In one change: the membership goes, their member keys are revoked (on
 * every instance at once), service keys they created stay, and their credentials and webhooks
 * are transferred to the remover or deleted (`options.private`). Removing oneself is leaving
 * (leaveWorkspace), which keeps the credentials differently: "invalid" here.
 */
export async function removeMember(viewer: Viewer, userId: string, options: { private: PrivateDataChoice }): Promise<RemoveMemberResult> {
  if (options.private !== "transfer" && options.private !== "delete") return refuse("invalid");
  if (!bySession(viewer)) return refuse("forbidden");
  if (userId === viewer.id) return refuse("invalid");
  let removed: Member | null = null;
  const result = await changeKeys(auditActorOf(viewer), async (change): Promise<RemoveMemberResult> => {
    const actor = await memberOf(change.tx, viewer.workspace, viewer.id);
    if (!actor) return refuse("forbidden");
    const target = await memberOf(change.tx, viewer.workspace, userId);
    if (!target) return refuse("not_found");
    if (!canRemove(actor.role, target.role)) return refuse("forbidden");
    if (target.role === "owner" && (await ownerCount(change.tx, viewer.workspace)) <= 1) return refuse("last_owner");
    const revokedKeys = await endMembership(change, viewer, target, "member_removed");
    const moved = options.private === "transfer" ? await transferPrivate(change.tx, viewer.workspace, userId, viewer.id) : await deletePrivate(change.tx, viewer.workspace, userId);
    const what = `${counted(moved.credentials, "credential")} and ${counted(moved.webhooks, "webhook")} ${options.private === "transfer" ? `transferred to ${named(viewer)}` : "deleted"}`;
    await change.note({ action: "member_removed", detail: `Removed ${named(target)} (${ROLE_LABELS[target.role]}); ${counted(revokedKeys.length, "member key")} revoked; ${what}` });
    removed = target;
    return { ok: true, revokedKeys, ...moved };
  });
  const member = removed as Member | null;
  if (result.ok && member) queueMail({ to: member.email, ...removedMessage({ workspaceName: viewer.workspace.name, removedBy: viewer.name }) });
  return result;
}

export type LeaveResult = { ok: true; revokedKeys: string[]; credentials: number; webhooks: number } | Refused<"not_found" | "forbidden" | "last_owner">;

/**
 * The viewer leaves the workspace, unless they are its last Owner. Their member keys are
 * revoked as on removal. Their credentials and webhooks stay with the workspace and pass to its
 * longest-standing Owner: deleting them would let a departure silently break the team's
 * integrations (a webhook stops, another member's webhook loses its credential), and leaving
 * them with someone who is no longer a member would hide them from every "own" view and
 * delete them later, with no one asked, if that person deletes their account (Credential and
 * Webhook rows go with their user).
 */
export async function leaveWorkspace(viewer: Viewer): Promise<LeaveResult> {
  if (!bySession(viewer)) return refuse("forbidden");
  return changeKeys(auditActorOf(viewer), async (change): Promise<LeaveResult> => {
    const me = await memberOf(change.tx, viewer.workspace, viewer.id);
    if (!me) return refuse("not_found");
    if (me.role === "owner" && (await ownerCount(change.tx, viewer.workspace)) <= 1) return refuse("last_owner");
    const revokedKeys = await endMembership(change, viewer, me, "member_left");
    const heir = await change.tx.membership.findFirst({
      where: { workspaceId: viewer.workspace.id, role: "owner" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { user: { select: { id: true, name: true, email: true } } },
    });
    // The last-owner rule above leaves an Owner behind: heir is never null here.
    const moved = heir ? await transferPrivate(change.tx, viewer.workspace, viewer.id, heir.user.id) : { credentials: 0, webhooks: 0 };
    const passed = moved.credentials + moved.webhooks > 0 && heir ? `; ${counted(moved.credentials, "credential")} and ${counted(moved.webhooks, "webhook")} passed to ${named(heir.user)}` : "";
    await change.note({ action: "member_left", detail: `${named(me)} (${ROLE_LABELS[me.role]}) left; ${counted(revokedKeys.length, "member key")} revoked${passed}` });
    return { ok: true, revokedKeys, ...moved };
  });
}

/** Workspaces one person may own; beyond it "Create workspace" is refused. */
export const MAX_OWNED_WORKSPACES = 20;

export type CreateWorkspaceResult = { ok: true; slug: string } | Refused<"limit_reached" | "forbidden" | "invalid">;

/**
 * A new workspace owned by the viewer, its creation logged in its own security log. The cap
 * counts under a lock on the person's own row (one person's creations queue on it; different
 * people's never wait for each other), so parallel requests cannot pass it together.
 */
export async function createWorkspace(viewer: Viewer, input: string): Promise<CreateWorkspaceResult> {
  if (!bySession(viewer)) return refuse("forbidden");
  const parsed = workspaceNameSchema.safeParse(input);
  if (!parsed.success) return refuse("invalid");
  const name = parsed.data;
  return db().$transaction(async (tx): Promise<CreateWorkspaceResult> => {
    await tx.user.update({ where: { id: viewer.id }, data: { updatedAt: new Date() }, select: { id: true } });
    if ((await tx.membership.count({ where: { userId: viewer.id, role: "owner" } })) >= MAX_OWNED_WORKSPACES) return refuse("limit_reached");
    const workspace = await createOwnedWorkspace(tx, viewer.id, name);
    await writeAuditEvent(tx, { ...auditActorOf(viewer), workspaceId: workspace.id }, "workspace_created", { detail: `Created “${name}”` });
    return { ok: true, slug: workspace.slug };
  }, LOCKED_TX);
}

export type RenameWorkspaceResult = { ok: true; workspace: ViewerWorkspace } | Refused<"forbidden" | "invalid">;

/** Renames the viewer's workspace (Owners only). The slug stays, so links keep working. */
export async function renameWorkspace(viewer: Viewer, input: string): Promise<RenameWorkspaceResult> {
  if (!bySession(viewer)) return refuse("forbidden");
  const parsed = workspaceNameSchema.safeParse(input);
  if (!parsed.success) return refuse("invalid");
  const name = parsed.data;
  return db().$transaction(async (tx): Promise<RenameWorkspaceResult> => {
    await lockWorkspace(tx, viewer.workspace);
    const actor = await memberOf(tx, viewer.workspace, viewer.id);
    if (!actor || !canManageWorkspace(actor.role)) return refuse("forbidden");
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: viewer.workspace.id }, select: { name: true } });
    const workspace = await tx.workspace.update({ where: { id: viewer.workspace.id }, data: { name }, select: { id: true, slug: true, name: true } });
    if (before.name !== name) await writeAuditEvent(tx, auditActorOf(viewer), "workspace_renamed", { detail: `“${before.name}” → “${name}”` });
    return { ok: true, workspace };
  }, LOCKED_TX);
}

/** For the workspace switcher: every workspace `userId` belongs to, by name. */
export async function listMyWorkspaces(userId: string): Promise<Array<{ slug: string; name: string; role: Role }>> {
  const rows = await db().membership.findMany({ where: { userId }, select: { role: true, workspace: { select: { slug: true, name: true } } } });
  return rows
    .filter((row): row is typeof row & { role: Role } => isRole(row.role))
    .map((row) => ({ slug: row.workspace.slug, name: row.workspace.name, role: row.role }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
}
