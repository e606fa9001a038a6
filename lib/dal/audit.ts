import "server-only";
import { db, type Db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";

export const AUDIT_ACTIONS = ["created", "edited", "rolled", "revoked", "deleted", "permission_denied", "limit_reached", "leaked"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

type Tx = Pick<Db, "auditEvent">;
type EventInput = { key?: { sid: string; name: string } | null; detail?: string };

/** Who did something, as the security log records it. */
export type AuditActor = { readonly userId: string; readonly type: "session" | "api_key" | "public"; readonly keySid: string | null; readonly ip: string | null };

export const auditActorOf = (viewer: Viewer): AuditActor => ({
  userId: viewer.id,
  type: viewer.via === "session" ? "session" : "api_key",
  keySid: viewer.via === "api-key" ? viewer.keySid : null,
  ip: viewer.ip,
});

/** Someone on the internet with no account here (a leak reporter), acting on `userId`'s keys. */
export const publicActor = (userId: string, ip: string | null): AuditActor => ({ userId, type: "public", keySid: null, ip });

const eventData = (actor: AuditActor, action: AuditAction, { key, detail = "" }: EventInput) => ({
  userId: actor.userId,
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
    where: { userId: viewer.id, action: "leaked", createdAt: { gte: new Date(Date.now() - days * 86_400_000) } },
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
  ip: string | null;
  keySid: string | null;
  keyName: string | null;
  detail: string;
  createdAt: Date;
};

export const AUDIT_PAGE_SIZE = 50;

/** The viewer's own events, newest first, optionally for one key. */
export async function listAuditEvents(viewer: Viewer, options: { keySid?: string; page: number }) {
  const where = { userId: viewer.id, ...(options.keySid ? { keySid: options.keySid } : {}) };
  const [rows, total] = await Promise.all([
    db().auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (options.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: { id: true, action: true, actorType: true, actorSid: true, ip: true, keySid: true, keyName: true, detail: true, createdAt: true },
    }),
    db().auditEvent.count({ where }),
  ]);
  const names = await keyNames(viewer, rows.map((row) => row.actorSid));
  const events = rows.map((row) => ({ ...row, actorName: row.actorSid ? names.get(row.actorSid) ?? null : null })) as AuditEventDTO[];
  return { events, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}

/**
 * Current names of the viewer's keys among `sids`. The owner is in the query although sids are
 * unique: a sid in the log is only a string, and must never reveal another account's key name.
 */
async function keyNames(viewer: Viewer, sids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(sids.filter((sid): sid is string => sid !== null))];
  if (wanted.length === 0) return new Map();
  const keys = await db().apiKey.findMany({ where: { userId: viewer.id, sid: { in: wanted } }, select: { sid: true, name: true } });
  return new Map(keys.map((key) => [key.sid, key.name]));
}

/** Keys that appear in the viewer's log, for the filter. */
export async function auditedKeys(viewer: Viewer) {
  const rows = await db().auditEvent.findMany({
    where: { userId: viewer.id, keySid: { not: null } },
    distinct: ["keySid"],
    orderBy: { keySid: "asc" },
    select: { keySid: true, keyName: true },
  });
  return rows.map((row) => ({ sid: row.keySid!, name: row.keyName ?? row.keySid! }));
}
