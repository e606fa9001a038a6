import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appUrl, queueMail, twoFactorResetMessage } from "@/lib/mail";
import type { Viewer } from "@/lib/viewer";
import { effectiveLimits, RESOURCES, type Limits, type Resource } from "@/lib/plans/limits";
import { issueAccountToken } from "./account-tokens";
import { changeAccess } from "./key-sync";
import { setWorkspaceOverrides, setWorkspacePlan, updatePlanLimits, type ChangedWorkspace, type UpdatePlanResult, type WorkspacePlanResult } from "./plans-admin";
import { limitsOfPlan, overrideSelect, overridesOf, planSelect } from "./plans";
import { hasTwoFactor, twoFactorSelect } from "./two-factor-status";

/**
 * The instance admin: the people named in LATCHKEY_ADMIN_EMAILS whose address is verified
 * (User.emailVerifiedAt), never "whoever signed up first". Read from the database on every
 * request: a person whose address changes, who is disabled or leaves the list stops being an
 * admin on their next request.
 *
 * What an admin may do is deliberately narrow: manage accounts (disable, re-enable, a password
 * reset link, reset two-factor), see workspaces and their counts, check mail. Nothing here
 * selects a sealed column, a key hash or a token: an admin never reads a credential value or
 * a key secret, and never enters a workspace's pages without being invited (membership checks
 * in lib/session.ts are unchanged).
 */

declare const proven: unique symbol;

/**
 * A viewer this module checked is an instance admin, in this request. Only instanceAdminOf()
 * makes one (the brand cannot be written as a literal), and every function below takes one, so
 * no admin function can run for someone who is not.
 */
export type InstanceAdmin = { readonly id: string; readonly name: string; readonly email: string; readonly ip: string | null; readonly [proven]: true };

/** Whether an address is on the instance's admin list (LATCHKEY_ADMIN_EMAILS, lower-cased). */
const listed = (email: string) => env().LATCHKEY_ADMIN_EMAILS.includes(email.toLowerCase());

/**
 * The viewer as an instance admin, or null: on the list, address verified, account not
 * disabled. The email compared is the one in the database now, not the session's copy.
 */
export async function instanceAdminOf(viewer: Viewer): Promise<InstanceAdmin | null> {
  if (viewer.via !== "session") return null; // never through an API key
  if (env().LATCHKEY_ADMIN_EMAILS.length === 0) return null;
  const user = await db().user.findUnique({ where: { id: viewer.id }, select: { id: true, name: true, email: true, emailVerifiedAt: true, disabledAt: true } });
  if (!user || !user.emailVerifiedAt || user.disabledAt || !listed(user.email)) return null;
  return { id: user.id, name: user.name, email: user.email, ip: viewer.ip } as InstanceAdmin;
}

// ---------------------------------------------------------------------------------------------
// The instance audit log

export type InstanceAuditAction =
  | "user_disabled"
  | "user_enabled"
  | "reset_link_issued"
  | "two_factor_reset"
  | "test_mail_sent"
  | "plan_limits_changed"
  | "workspace_plan_changed"
  | "workspace_limits_changed";
type Tx = Pick<ReturnType<typeof db>, "instanceAuditEvent">;
type Target = { type: "user" | "mail" | "plan" | "workspace"; id: string | null; label: string };

/** Writes one event in the caller's transaction: the change and its record stand or fall together. No secret goes in metadata. */
async function writeInstanceEvent(tx: Tx, admin: InstanceAdmin, action: InstanceAuditAction, target: Target, metadata: Record<string, string | number | boolean> = {}) {
  await tx.instanceAuditEvent.create({
    data: {
      actorId: admin.id,
      actorEmail: admin.email,
      actorName: admin.name,
      action,
      targetType: target.type,
      targetId: target.id,
      targetLabel: target.label,
      metadata: JSON.stringify(metadata),
      ip: admin.ip,
    },
    select: { id: true },
  });
}

export type InstanceAuditEventDTO = {
  id: string;
  actorName: string;
  actorEmail: string;
  action: string;
  targetType: string;
  targetLabel: string;
  metadata: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
};

export const INSTANCE_AUDIT_PAGE_SIZE = 50;

const parseMetadata = (raw: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** The instance audit log, newest first, a page at a time. */
 
export async function listInstanceAudit(_admin: InstanceAdmin, page: number): Promise<{ events: InstanceAuditEventDTO[]; total: number; pages: number }> {
  const total = await db().instanceAuditEvent.count();
  const pages = Math.max(1, Math.ceil(total / INSTANCE_AUDIT_PAGE_SIZE));
  const rows = await db().instanceAuditEvent.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (Math.min(page, pages) - 1) * INSTANCE_AUDIT_PAGE_SIZE,
    take: INSTANCE_AUDIT_PAGE_SIZE,
    select: { id: true, actorName: true, actorEmail: true, action: true, targetType: true, targetLabel: true, metadata: true, ip: true, createdAt: true },
  });
  return { events: rows.map((row) => ({ ...row, metadata: parseMetadata(row.metadata) })), total, pages };
}

// ---------------------------------------------------------------------------------------------
// Users

export const USERS_PAGE_SIZE = 25;

export type AdminUserDTO = {
  id: string;
  name: string;
  email: string;
  verified: boolean;
  twoFactor: { authenticator: boolean; passkeys: number; on: boolean };
  disabledAt: Date | null;
  createdAt: Date;
  lastSeenAt: Date | null;
  workspaces: { id: string; name: string; slug: string; role: string }[];
  admin: boolean;
};

const userSelect = {
  id: true,
  name: true,
  email: true,
  emailVerifiedAt: true,
  disabledAt: true,
  createdAt: true,
  ...twoFactorSelect,
  memberships: { select: { role: true, workspace: { select: { id: true, name: true, slug: true } } }, orderBy: { createdAt: "asc" } },
  sessions: { select: { lastSeenAt: true }, orderBy: { lastSeenAt: "desc" }, take: 1 },
} as const;

type UserRow = { id: string; name: string; email: string; emailVerifiedAt: Date | null; disabledAt: Date | null; createdAt: Date; totpEnabledAt: Date | null; _count: { passkeys: number }; memberships: { role: string; workspace: { id: string; name: string; slug: string } }[]; sessions: { lastSeenAt: Date }[] };

const toUserDTO = (row: UserRow): AdminUserDTO => ({
  id: row.id,
  name: row.name,
  email: row.email,
  verified: row.emailVerifiedAt !== null,
  twoFactor: { authenticator: row.totpEnabledAt !== null, passkeys: row._count.passkeys, on: hasTwoFactor(row) },
  disabledAt: row.disabledAt,
  createdAt: row.createdAt,
  lastSeenAt: row.sessions[0]?.lastSeenAt ?? null,
  workspaces: row.memberships.map((m) => ({ ...m.workspace, role: m.role })),
  admin: listed(row.email) && row.emailVerifiedAt !== null,
});

/**
 * People whose email or name contains `query` (all of them when it is empty), newest first.
 * The email is stored lower-cased; names are matched as typed and lower-cased, which covers
 * what both databases do without a case-insensitive mode SQLite lacks.
 */
 
export async function searchUsers(_admin: InstanceAdmin, input: { query: string; page: number }): Promise<{ users: AdminUserDTO[]; total: number; pages: number; page: number }> {
  const q = input.query.trim();
  const where = q ? { OR: [{ email: { contains: q.toLowerCase() } }, { name: { contains: q } }, { name: { contains: q.toLowerCase() } }] } : {};
  const total = await db().user.count({ where });
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page), pages);
  const rows = await db().user.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * USERS_PAGE_SIZE, take: USERS_PAGE_SIZE, select: userSelect });
  return { users: rows.map(toUserDTO), total, pages, page };
}

 
export async function getAdminUser(_admin: InstanceAdmin, userId: string): Promise<AdminUserDTO | null> {
  const row = await db().user.findUnique({ where: { id: userId }, select: userSelect });
  return row ? toUserDTO(row) : null;
}

export type AdminUserChange = { ok: true } | { ok: false; reason: "not_found" | "self" | "unchanged" };

const target = (user: { id: string; email: string }): Target => ({ type: "user", id: user.id, label: user.email });

/**
 * Disables an account: sign-in is refused (as for a wrong password), every session row is
 * deleted (each browser is signed out on its next request, on every instance: findLiveSession
 * needs the row), and the person's member keys stop on their next request on every instance
 * (verify.ts refuses a disabled member; changeAccess announces the change so each instance
 * forgets the cached answers). Nothing is deleted: re-enabling brings the keys back.
 */
export async function disableUser(admin: InstanceAdmin, userId: string): Promise<AdminUserChange & { sessionsEnded?: number }> {
  if (userId === admin.id) return { ok: false, reason: "self" };
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) return { ok: false, reason: "not_found" };
  return changeAccess({ userId: user.id }, async (tx) => {
    // Conditional: of two admins disabling at once, one writes and one audit row says so.
    const { count } = await tx.user.updateMany({ where: { id: user.id, disabledAt: null }, data: { disabledAt: new Date() } });
    if (count !== 1) return { ok: false as const, reason: "unchanged" as const };
    const ended = await tx.userSession.deleteMany({ where: { userId: user.id } });
    await writeInstanceEvent(tx, admin, "user_disabled", target(user), { sessionsEnded: ended.count });
    return { ok: true as const, sessionsEnded: ended.count };
  });
}

/** Re-enables a disabled account: sign-in works again, and so do its member keys (on every instance). */
export async function enableUser(admin: InstanceAdmin, userId: string): Promise<AdminUserChange> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) return { ok: false, reason: "not_found" };
  return changeAccess({ userId: user.id }, async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: user.id, disabledAt: { not: null } }, data: { disabledAt: null } });
    if (count !== 1) return { ok: false as const, reason: "unchanged" as const };
    await writeInstanceEvent(tx, admin, "user_enabled", target(user));
    return { ok: true as const };
  });
}

/**
 * A password reset link for the account (1 hour, single use; only its hash is stored), to
 * hand over by another channel: returned once, to show once, never logged or audited itself.
 */
export async function issueResetLinkFor(admin: InstanceAdmin, userId: string): Promise<{ ok: true; link: string; email: string } | { ok: false; reason: "not_found" }> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) return { ok: false, reason: "not_found" };
  const token = await db().$transaction(async (tx) => {
    const issued = await issueAccountToken(user.id, user.email, "reset_password", tx);
    await writeInstanceEvent(tx, admin, "reset_link_issued", target(user));
    return issued;
  });
  return { ok: true, link: appUrl(`/reset-password/${token}`), email: user.email };
}

/**
 * Removes every second factor of an account (authenticator app, backup codes, passkeys), for
 * a person who lost them. Through changeAccess: where a workspace requires two-factor, their
 * member keys stop on every instance at once. The person is told by mail.
 */
export async function resetTwoFactor(admin: InstanceAdmin, userId: string): Promise<{ ok: true; removed: { authenticator: boolean; backupCodes: number; passkeys: number } } | { ok: false; reason: "not_found" | "unchanged" }> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, totpEnabledAt: true } });
  if (!user) return { ok: false, reason: "not_found" };
  const removed = await changeAccess({ userId: user.id }, async (tx) => {
    const totp = await tx.user.updateMany({ where: { id: user.id, OR: [{ totpSealed: { not: null } }, { totpEnabledAt: { not: null } }] }, data: { totpEnabledAt: null, totpKeyId: null, totpSealed: null, totpLastStep: null } });
    const codes = await tx.backupCode.deleteMany({ where: { userId: user.id } });
    const passkeys = await tx.passkey.deleteMany({ where: { userId: user.id } });
    const result = { authenticator: totp.count === 1 && user.totpEnabledAt !== null, backupCodes: codes.count, passkeys: passkeys.count };
    if (totp.count === 0 && codes.count === 0 && passkeys.count === 0) return null;
    await writeInstanceEvent(tx, admin, "two_factor_reset", target(user), result);
    return result;
  });
  if (!removed) return { ok: false, reason: "unchanged" };
  queueMail({ to: user.email, ...twoFactorResetMessage({ at: new Date(), securityUrl: appUrl("/settings/security") }) });
  return { ok: true, removed };
}

// ---------------------------------------------------------------------------------------------
// Mail

export type MailStatus = { configured: false } | { configured: true; host: string; port: string; secure: boolean };

/**
 * What the Mail page may show of SMTP_URL: whether it is set, and its host and port. Never the
 * user name or password in it, nor the query string.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the admin proof is the parameter's point
export function mailStatus(_admin: InstanceAdmin): MailStatus {
  const raw = env().SMTP_URL;
  if (!raw) return { configured: false };
  try {
    const url = new URL(raw);
    const secure = url.protocol === "smtps:";
    return { configured: true, host: url.hostname, port: url.port || (secure ? "465" : "587"), secure };
  } catch {
    return { configured: true, host: "(unreadable SMTP_URL)", port: "", secure: false };
  }
}

/** Records a test message sent to the admin's own address. */
export async function recordTestMail(admin: InstanceAdmin, outcome: string): Promise<void> {
  await writeInstanceEvent(db(), admin, "test_mail_sent", { type: "mail", id: null, label: admin.email }, { outcome });
}

// ---------------------------------------------------------------------------------------------
// Workspaces

export const WORKSPACES_PAGE_SIZE = 25;

export type AdminWorkspaceDTO = {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  owners: { name: string; email: string }[];
  usage: { members: number; activeKeys: number; credentials: number; webhooks: number };
  /** Its plan and the limits that apply (plan + overrides; null: unlimited), and which it is over. */
  plan: { id: string; name: string; limits: Limits; over: Resource[] };
  /** Whether the admin is a member (only then does the page link into it). */
  adminIsMember: boolean;
};

async function usageOf(workspaceIds: string[]) {
  const now = new Date();
  const inIds = { workspaceId: { in: workspaceIds } };
  const [members, keys, credentials, webhooks, invited] = await Promise.all([
    db().membership.groupBy({ by: ["workspaceId"], where: inIds, _count: { _all: true } }),
    db().apiKey.groupBy({ by: ["workspaceId"], where: { ...inIds, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, _count: { _all: true } }),
    db().credential.groupBy({ by: ["workspaceId"], where: inIds, _count: { _all: true } }),
    db().webhook.groupBy({ by: ["workspaceId"], where: inIds, _count: { _all: true } }),
    db().invitation.groupBy({ by: ["workspaceId"], where: { ...inIds, status: "pending", expiresAt: { gt: now } }, _count: { _all: true } }),
  ]);
  const count = (rows: { workspaceId: string; _count: { _all: number } }[], id: string) => rows.find((r) => r.workspaceId === id)?._count._all ?? 0;
  return (id: string) => ({
    usage: { members: count(members, id), activeKeys: count(keys, id), credentials: count(credentials, id), webhooks: count(webhooks, id) },
    invited: count(invited, id),
  });
}

/** The plan as it applies to one workspace, and which limits its usage is over (pending invitations hold a member's place, as in lib/dal/plans.ts). */
function planOf(row: WorkspaceRow, counted: ReturnType<Awaited<ReturnType<typeof usageOf>>>): AdminWorkspaceDTO["plan"] {
  const limits = effectiveLimits(limitsOfPlan(row.plan), overridesOf(row));
  const used: Record<Resource, number> = { keys: counted.usage.activeKeys, credentials: counted.usage.credentials, webhooks: counted.usage.webhooks, members: counted.usage.members + counted.invited };
  return { id: row.plan.id, name: row.plan.name, limits, over: RESOURCES.filter((r) => limits[r] !== null && used[r] > limits[r]!) };
}

const workspaceSelect = (adminId: string) => ({
  id: true as const,
  name: true as const,
  slug: true as const,
  createdAt: true as const,
  memberships: { where: { OR: [{ role: "owner" }, { userId: adminId }] }, select: { role: true as const, userId: true as const, user: { select: { name: true as const, email: true as const } } } },
  plan: { select: planSelect },
  ...overrideSelect,
});

type WorkspaceRow = {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  memberships: { role: string; userId: string; user: { name: string; email: string } }[];
  plan: { id: string; name: string; maxActiveKeys: number | null; maxCredentials: number | null; maxWebhooks: number | null; maxMembers: number | null };
  maxActiveKeysOverride: number | null;
  maxCredentialsOverride: number | null;
  maxWebhooksOverride: number | null;
  maxMembersOverride: number | null;
};

const toWorkspaceDTO = (admin: InstanceAdmin, row: WorkspaceRow, counted: ReturnType<Awaited<ReturnType<typeof usageOf>>>): AdminWorkspaceDTO => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  createdAt: row.createdAt,
  owners: row.memberships.filter((m) => m.role === "owner").map((m) => m.user),
  usage: counted.usage,
  plan: planOf(row, counted),
  adminIsMember: row.memberships.some((m) => m.userId === admin.id),
});

/** Workspaces whose name or slug contains `query`, newest first, with their owners and counts. */
export async function listWorkspacesForAdmin(admin: InstanceAdmin, input: { query: string; page: number }) {
  const q = input.query.trim();
  const where = q ? { OR: [{ slug: { contains: q.toLowerCase() } }, { name: { contains: q } }, { name: { contains: q.toLowerCase() } }] } : {};
  const total = await db().workspace.count({ where });
  const pages = Math.max(1, Math.ceil(total / WORKSPACES_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page), pages);
  const rows = await db().workspace.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * WORKSPACES_PAGE_SIZE, take: WORKSPACES_PAGE_SIZE, select: workspaceSelect(admin.id) });
  const usage = await usageOf(rows.map((r) => r.id));
  return { workspaces: rows.map((row) => toWorkspaceDTO(admin, row, usage(row.id))), total, pages, page };
}

export type AdminWorkspaceMemberDTO = { userId: string; name: string; email: string; role: string; joinedAt: Date; twoFactor: boolean; disabled: boolean };

/** One workspace with its members (no keys, credentials or webhooks: only their counts). */
export async function workspaceForAdmin(admin: InstanceAdmin, workspaceId: string): Promise<(AdminWorkspaceDTO & { requireTwoFactor: boolean; members: AdminWorkspaceMemberDTO[] }) | null> {
  const row = await db().workspace.findUnique({ where: { id: workspaceId }, select: { ...workspaceSelect(admin.id), requireTwoFactor: true } });
  if (!row) return null;
  const [usage, members] = await Promise.all([
    usageOf([row.id]),
    db().membership.findMany({
      where: { workspaceId: row.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true, disabledAt: true, ...twoFactorSelect } } },
    }),
  ]);
  return {
    ...toWorkspaceDTO(admin, row, usage(row.id)),
    requireTwoFactor: row.requireTwoFactor,
    members: members.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role, joinedAt: m.createdAt, twoFactor: hasTwoFactor(m.user), disabled: m.user.disabledAt !== null })),
  };
}

// ---------------------------------------------------------------------------------------------
// Plans (docs/plans.md). lib/dal/plans-admin.ts checks what is asked and writes the workspace's
// own security log; these add the instance audit row inside the same transaction. The caller
// (an admin server action) has re-authenticated the admin: requireInstanceAdminAction().

const workspaceTarget = (workspace: ChangedWorkspace): Target => ({ type: "workspace", id: workspace.id, label: `${workspace.name} (${workspace.slug})` });
const limitsText = (limits: Partial<Record<Resource, number | null>>) =>
  RESOURCES.filter((r) => limits[r] !== undefined).map((r) => `${r} ${limits[r] === null ? "unlimited" : limits[r]}`).join(", ");

/** Changes a plan's limits; audited with the new limits and how many workspaces it put over. */
export function adminUpdatePlanLimits(admin: InstanceAdmin, planId: string, limits: Partial<Record<Resource, number | null>>): Promise<UpdatePlanResult> {
  return updatePlanLimits(admin, planId, limits, (tx, plan) =>
    writeInstanceEvent(tx, admin, "plan_limits_changed", { type: "plan", id: planId, label: plan.name }, { limits: limitsText(limits), putOver: plan.putOver, over: plan.over }),
  );
}

/** Moves a workspace to another plan; audited with the plan it is now on. */
export function adminSetWorkspacePlan(admin: InstanceAdmin, workspaceId: string, planId: string): Promise<WorkspacePlanResult> {
  return setWorkspacePlan(admin, workspaceId, planId, (tx, change) => writeInstanceEvent(tx, admin, "workspace_plan_changed", workspaceTarget(change.workspace), { plan: change.plan }));
}

/** Sets or clears a workspace's own limits; audited with the overrides as they now are. */
export function adminSetWorkspaceOverrides(admin: InstanceAdmin, workspaceId: string, overrides: Partial<Record<Resource, number | null>>): Promise<WorkspacePlanResult> {
  return setWorkspaceOverrides(admin, workspaceId, overrides, (tx, change) => {
    const set = RESOURCES.filter((r) => change.overrides[r] !== null).map((r) => `${r} ${change.overrides[r]}`);
    return writeInstanceEvent(tx, admin, "workspace_limits_changed", workspaceTarget(change.workspace), { overrides: set.length ? set.join(", ") : "none" });
  });
}
