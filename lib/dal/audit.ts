import "server-only";
import { db, type Db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";
import { logScope } from "@/lib/workspaces/roles";

export const AUDIT_ACTIONS = [
  "created",
  "edited",
  "rolled",
  "revoked",
  "deleted",
  "permission_denied",
  "limit_reached",
  "leaked",
  // Membership events (the target person is named in `detail`).
  "member_invited",
  "invitation_revoked",
  "member_joined",
  "role_changed",
  "member_removed",
  "member_left",
  "workspace_created",
  "workspace_renamed",
  // Account security: the person's own two-factor sign-in, recorded in the workspace they
  // changed it from.
  "two_factor_enabled",
  "two_factor_disabled",
  "backup_codes_regenerated",
  // Who may use a credential changed (lib/dal/credential-sharing.ts).
  "credential_shared",
  // An instance admin changed the workspace's plan or its overrides (lib/dal/plans.ts).
  "plan_changed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

type Tx = Pick<Db, "auditEvent">;
type EventInput = { key?: { sid: string; name: string } | null; detail?: string };

/**
 * Who did something, in which workspace, as the security log records it: the person (by id,
 * and by the name and email they had then, so the log stays readable after they leave) or
 * nobody (a leak reporter), and the API key that acted, if one did.
 */
export type AuditActor = {
  readonly workspaceId: string;
  readonly person: { readonly id: string; readonly name: string; readonly email: string } | null;
  readonly type: "session" | "api_key" | "public";
  readonly keySid: string | null;
  readonly ip: string | null;
};

export const auditActorOf = (viewer: Viewer): AuditActor => ({
  workspaceId: viewer.workspace.id,
  // A service key acts as the workspace: nobody in person (its sid is in keySid).
  person: viewer.via === "api-key" && viewer.service ? null : { id: viewer.id, name: viewer.name, email: viewer.email },
  type: viewer.via === "session" ? "session" : "api_key",
  keySid: viewer.via === "api-key" ? viewer.keySid : null,
  ip: viewer.ip,
});

/** Someone on the internet with no account here (a leak reporter), acting on a workspace's keys. */
export const publicActor = (workspaceId: string, ip: string | null): AuditActor => ({ workspaceId, person: null, type: "public", keySid: null, ip });

const eventData = (actor: AuditActor, action: AuditAction, { key, detail = "" }: EventInput) => ({
  workspaceId: actor.workspaceId,
  userId: actor.person?.id ?? null,
  actorName: actor.person?.name ?? "",
  actorEmail: actor.person?.email ?? "",
  action,
  actorType: actor.type,
  actorSid: actor.keySid,
  ip: actor.ip,
  keySid: key?.sid ?? null,
  keyName: key?.name ?? null,
  detail,
});

/**
 * Writes an event in the caller's transaction, so the change and its record stand or fall
 * together. Key changes call it only through lib/dal/key-change-protocol.ts.
 */
export async function writeAuditEvent(tx: Tx, actor: AuditActor, action: AuditAction, input: EventInput = {}): Promise<void> {
  await tx.auditEvent.create({ data: eventData(actor, action, input), select: { id: true } });
}

/**
 * For events on the API's request path (a refused permission): written after the response,
 * never awaited by it, so verification still does no synchronous database write.
 */
export function auditLater(viewer: Viewer, action: AuditAction, input: EventInput = {}): void {
  setImmediate(() => {
    db()
      .auditEvent.create({ data: eventData(auditActorOf(viewer), action, input), select: { id: true } })
      .catch((error: Error) => console.error("[audit] could not record event:", error.message));
  });
}

/** Leak reports about the viewer's keys in the last `days` days, newest first, for the banner. */
export async function recentLeaks(viewer: Viewer, days = 14) {
  return db().auditEvent.findMany({
    where: { workspaceId: viewer.workspace.id, action: "leaked", createdAt: { gte: new Date(Date.now() - days * 86_400_000) } },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: { id: true, keySid: true, keyName: true, createdAt: true },
  });
}

export type AuditEventDTO = {
  id: string;
  action: AuditAction;
  actorType: "session" | "api_key" | "public";
  actorSid: string | null;
  /** The acting API key's name now; null when no key acted or it has been deleted since. */
  actorName: string | null;
  /** The person who acted (or whose key acted), as they were named then; null for nobody (a leak report). */
  person: { name: string; email: string } | null;
  ip: string | null;
  keySid: string | null;
  keyName: string | null;
  detail: string;
  createdAt: Date;
};

export const AUDIT_PAGE_SIZE = 50;

/** How much of the workspace's log the viewer sees: everything, their own events, or nothing. */
export type AuditScope = "all" | "own" | "none";
export type AuditLog = { events: AuditEventDTO[]; total: number; pages: number; scope: AuditScope };

/**
 * logScope (lib/workspaces/roles.ts) as a `where`: the whole workspace's log for Admins and
 * Owners, a Member's own events (theirs and their member keys'), null for a Viewer (no query).
 */
function visibleEvents(viewer: Viewer): { workspaceId: string; userId?: string } | null {
  const scope = logScope(viewer.role);
  if (scope === "none") return null;
  return scope === "all" ? { workspaceId: viewer.workspace.id } : { workspaceId: viewer.workspace.id, userId: viewer.id };
}

/**
 * The events the viewer may see, newest first, optionally for one key and one member. Filters
 * only narrow the scope: a Member who asks for a teammate's events gets none. A Viewer gets an
 * empty log with scope "none", so the page can say why rather than "no events yet".
 */
export async function listAuditEvents(viewer: Viewer, options: { keySid?: string; memberId?: string; page: number }): Promise<AuditLog> {
  const scope = logScope(viewer.role);
  const visible = visibleEvents(viewer);
  if (!visible) return { events: [], total: 0, pages: 1, scope };
  const where = {
    AND: [visible, ...(options.keySid ? [{ keySid: options.keySid }] : []), ...(options.memberId ? [{ userId: options.memberId }] : [])],
  };
  const [rows, total] = await Promise.all([
    db().auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (options.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: { id: true, action: true, actorType: true, actorSid: true, userId: true, actorName: true, actorEmail: true, ip: true, keySid: true, keyName: true, detail: true, createdAt: true },
    }),
    db().auditEvent.count({ where }),
  ]);
  const names = await keyNames(viewer, rows.map((row) => row.actorSid));
  const events = rows.map(({ userId, actorName, actorEmail, ...row }) => ({
    ...row,
    actorName: row.actorSid ? names.get(row.actorSid) ?? null : null,
    person: userId || actorName ? { name: actorName, email: actorEmail } : null,
  })) as AuditEventDTO[];
  return { events, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), scope };
}

/**
 * Current names of the viewer's keys among `sids`. The owner is in the query although sids are
 * unique: a sid in the log is only a string, and must never reveal another account's key name.
 */
async function keyNames(viewer: Viewer, sids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(sids.filter((sid): sid is string => sid !== null))];
  if (wanted.length === 0) return new Map();
  const keys = await db().apiKey.findMany({ where: { workspaceId: viewer.workspace.id, sid: { in: wanted } }, select: { sid: true, name: true } });
  return new Map(keys.map((key) => [key.sid, key.name]));
}

/** Keys that appear in the part of the log the viewer sees, for the filter. */
export async function auditedKeys(viewer: Viewer) {
  const visible = visibleEvents(viewer);
  if (!visible) return [];
  const rows = await db().auditEvent.findMany({
    where: { ...visible, keySid: { not: null } },
    distinct: ["keySid"],
    orderBy: { keySid: "asc" },
    select: { keySid: true, keyName: true },
  });
  return rows.map((row) => ({ sid: row.keySid!, name: row.keyName ?? row.keySid! }));
}

export type AuditedMember = { id: string; name: string; email: string };

/**
 * People who appear in the workspace's log, for the member filter (Admins and Owners; nobody
 * else filters by member, so others get none). Each is shown by the name and email of their
 * latest event, which keeps someone who has left readable.
 */
export async function auditedMembers(viewer: Viewer): Promise<AuditedMember[]> {
  if (logScope(viewer.role) !== "all") return [];
  const workspaceId = viewer.workspace.id;
  const latest = await db().auditEvent.groupBy({ by: ["userId"], where: { workspaceId, userId: { not: null } }, _max: { createdAt: true } });
  const wanted = latest.flatMap(({ userId, _max }) => (userId && _max.createdAt ? [{ userId, createdAt: _max.createdAt }] : []));
  if (wanted.length === 0) return [];
  const rows = await db().auditEvent.findMany({
    where: { workspaceId, OR: wanted },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { userId: true, actorName: true, actorEmail: true },
  });
  const members = new Map<string, AuditedMember>();
  for (const row of rows) if (row.userId && !members.has(row.userId)) members.set(row.userId, { id: row.userId, name: row.actorName || row.actorEmail, email: row.actorEmail });
  return [...members.values()].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}
