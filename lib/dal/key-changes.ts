import "server-only";
import { emailIsVerified } from "./account-tokens";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { consumeKeyCreation } from "@/lib/limits/rate-limit";
import { displayPrefix, generateKey, generateSid } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { covers, PERMISSION_LABELS, type Permission } from "@/lib/keys/permissions";
import { GRACE_PERIODS, type CreateKeyInput, type GracePeriod } from "@/lib/validation/keys";
import { viewerPermission, type Viewer } from "@/lib/viewer";
import { EXPIRY_NOTICE_MS, FINAL_EXPIRY_NOTICE_MS, keyEventData, type Actor } from "@/lib/webhooks/events";
import { atLeast, canCreateKeys, canManageKey } from "@/lib/workspaces/roles";
import { auditActorOf } from "./audit";
import { actingUserFor } from "./key-acting";
import { changeKeys, type KeyChange, type KeyRecord } from "./key-change-protocol";
import { revokeWithLineage } from "./key-lineage";
import { hasRoomFor } from "@/lib/plans/limits";
import { limitIn } from "./plans";
import { activeWhere, getKey, keySelect, keyStatus, searchTextOf, toDTO, type KeyDTO, type KeyRow } from "./keys";

// Every function here is one change made through changeKeys() (key-change-protocol.ts): the
// lock, the security log, the webhook event and the cache are its business, not theirs.

const eventActor = (viewer: Viewer): Actor => (viewer.via === "session" ? { type: "session" } : { type: "api_key", keySid: viewer.keySid });

/** actingUserId: the member the key acts as (null: a service key); createdById: the person who made it in the dashboard. */
type NewKey = CreateKeyInput & { rolledFromSid?: string; createdByKeySid: string | null; actingUserId: string | null; createdById: string | null };

async function insertKey(change: KeyChange, input: NewKey, record: (row: KeyRow) => KeyRecord) {
  const secret = generateKey();
  const now = Date.now();
  const fields = { sid: generateSid(), name: input.name, description: input.description, prefix: displayPrefix(secret) };
  const row = await change.insert(
    {
      ...fields,
      permission: input.permission,
      rateLimitPerMinute: input.rateLimitPerMinute,
      expiresAt: input.expiresAt,
      rolledFromSid: input.rolledFromSid ?? null,
      createdByKeySid: input.createdByKeySid,
      userId: input.actingUserId,
      createdById: input.createdById,
      // A key that starts inside the 7-day window gets no separate "expiring" event: its
      // created (or rolled) event already carries the expiry.
      expiryNotifiedAt: input.expiresAt && input.expiresAt.getTime() - now <= EXPIRY_NOTICE_MS ? new Date(now) : null,
      // Likewise the "expires in 1 day" mail for a key made with less than a day to live.
      expiryFinalNotifiedAt: input.expiresAt && input.expiresAt.getTime() - now <= FINAL_EXPIRY_NOTICE_MS ? new Date(now) : null,
      hash: hashKey(secret, env().KEY_PEPPER),
      searchText: searchTextOf(fields),
    },
    record,
  );
  return { row, secret };
}

/**
 * The bounds a key made by an API key must stay within: its creator's rate limit and expiry
 * (the permission is checked separately). Null for keys made in the dashboard. Read inside the
 * change, so a creator revoked a moment ago is seen as such.
 */
async function creatorBounds(change: KeyChange, viewer: Viewer) {
  if (viewer.via !== "api-key") return null;
  const creator = await change.read.apiKey.findFirst({
    where: { sid: viewer.keySid, workspaceId: viewer.workspace.id },
    select: { rateLimitPerMinute: true, expiresAt: true, revokedAt: true },
  });
  if (!creator || keyStatus(creator) !== "active") return "gone" as const;
  return { rateLimitPerMinute: creator.rateLimitPerMinute, expiresAt: creator.expiresAt };
}

const tighter = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const earlier = (a: Date | null, b: Date | null) => (a === null ? b : b === null ? a : a < b ? a : b);

export type CreateKeyResult =
  | { ok: true; key: KeyDTO; secret: string }
  | { ok: false; reason: "limit_reached" | "permission_exceeds" | "forbidden" | "not_found" | "unverified" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Creates a key unless the viewer's role creates none (a Viewer: "forbidden"), the workspace is
 * at the limit, or the viewer asks for more than it may have. A key made by an API key gets at
 * most its creator's permission (refused otherwise), and never a looser rate limit or a later
 * expiry than its creator (both are tightened to the creator's), so a limited or short-lived
 * key cannot mint itself an unlimited, everlasting twin.
 */
export async function createKey(viewer: Viewer, input: CreateKeyInput): Promise<CreateKeyResult> {
  if (!canCreateKeys(viewer.role)) return { ok: false, reason: "forbidden" };
  if (!covers(viewerPermission(viewer), input.permission)) return { ok: false, reason: "permission_exceeds" };
  // With REQUIRE_EMAIL_VERIFICATION, a person makes keys only once they proved their address.
  if (viewer.via === "session" && !(await emailIsVerified(viewer.id))) return { ok: false, reason: "unverified" };
  const budget = await consumeKeyCreation(viewer.workspace.id);
  if (!budget.ok) return { ok: false, reason: "rate_limited", retryAfterSeconds: budget.retryAfterSeconds };
  const now = new Date();
  return changeKeys(auditActorOf(viewer), async (change): Promise<CreateKeyResult> => {
    const bounds = await creatorBounds(change, viewer);
    if (bounds === "gone") return { ok: false, reason: "permission_exceeds" };
    // The plan's limit (with this workspace's override), read after the lock like the count.
    const { limit, planName } = await limitIn(change.tx, viewer.workspace.id, "keys");
    if (!hasRoomFor(await change.read.apiKey.count({ where: activeWhere(viewer, now) }), limit)) {
      await change.refuse({ action: "limit_reached", detail: `Creating “${input.name}” was refused: ${limit} active keys (${planName} plan).` });
      return { ok: false, reason: "limit_reached" };
    }
    const bounded = bounds
      ? { ...input, rateLimitPerMinute: tighter(input.rateLimitPerMinute, bounds.rateLimitPerMinute), expiresAt: earlier(input.expiresAt, bounds.expiresAt) }
      : input;
    const made = viewer.via === "api-key" ? { createdByKeySid: viewer.keySid, createdById: null } : { createdByKeySid: null, createdById: viewer.id };
    // What it acts as: the viewer, the workspace (a service key) or another member (key-acting.ts).
    const acting = await actingUserFor(change, viewer, input.actsAs);
    if (acting === "forbidden" || acting === "not_found") return { ok: false, reason: acting };
    const { row, secret } = await insertKey(change, { ...bounded, ...made, actingUserId: acting.userId }, (inserted) => ({
      action: "created",
      detail: `Permission: ${PERMISSION_LABELS[input.permission]}${viewer.via === "api-key" ? `; created by ${viewer.keySid}` : ""}`,
      event: { type: "key.created", data: keyEventData(inserted, eventActor(viewer)) },
    }));
    return { ok: true, key: toDTO(row, now), secret };
  });
}

type KeyRefusal = "not_found" | "forbidden" | "permission_exceeds";

/**
 * The workspace's key `sid`, read under the change's lock, or why the viewer cannot change it:
 * another workspace's key is "not_found" like a missing one; the viewer's role must allow
 * changing it ("forbidden": Admins and Owners any key, Members their own member keys, Viewers
 * none; through an API key, the role of the member the key acts as); and an API key may only
 * change keys whose permission its own covers (a Write key must not revoke or rename a
 * Read/Write one).
 */
async function keyToChange(change: KeyChange, viewer: Viewer, sid: string): Promise<KeyRow | KeyRefusal> {
  const key = await change.read.apiKey.findFirst({ where: { sid, workspaceId: viewer.workspace.id }, select: keySelect });
  if (!key) return "not_found";
  if (!canManageKey(viewer.role, { actingUserId: key.userId }, viewer.id)) return "forbidden";
  if (!covers(viewerPermission(viewer), key.permission as Permission)) return "permission_exceeds";
  return key;
}

/** rateLimitPerMinute: undefined keeps the current limit, null removes it. */
export type KeyUpdate = { name: string; description: string; rateLimitPerMinute?: number | null };
export type UpdateKeyResult = { ok: true; key: KeyDTO } | { ok: false; reason: KeyRefusal };

/** Renames, re-describes or re-limits one of the viewer's keys. Secrets and permissions never change here. */
export async function updateKey(viewer: Viewer, sid: string, update: KeyUpdate): Promise<UpdateKeyResult> {
  return changeKeys(auditActorOf(viewer), async (change): Promise<UpdateKeyResult> => {
    const before = await keyToChange(change, viewer, sid);
    if (typeof before === "string") return { ok: false, reason: before };
    const input = { ...update, rateLimitPerMinute: update.rateLimitPerMinute === undefined ? before.rateLimitPerMinute : update.rateLimitPerMinute };
    const changes = [
      before.name !== input.name && `name “${before.name}” → “${input.name}”`,
      before.description !== input.description && "description",
      before.rateLimitPerMinute !== input.rateLimitPerMinute && `rate limit ${before.rateLimitPerMinute ?? "none"} → ${input.rateLimitPerMinute ?? "none"} per minute`,
    ].filter(Boolean);
    if (changes.length === 0) return { ok: true, key: toDTO(before, new Date()) };
    const row = await change.update(before, { ...input, searchText: searchTextOf({ ...before, ...input }) }, { action: "edited", detail: `Changed ${changes.join(" and ")}` });
    return { ok: true, key: toDTO(row, new Date()) };
  });
}

export type RollKeyResult =
  | { ok: true; key: KeyDTO; secret: string; oldKey: KeyDTO }
  | { ok: false; reason: KeyRefusal | "not_active" | "already_rolled" | "limit_reached" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Stripe's roll: a new key with the same name, description, permission and expiry (rolled by
 * an API key: tightened to that key's limit and expiry, like a created key); the old
 * secret keeps working until the grace period ends. While both are alive they both count
 * against the limit, so a roll with a grace period needs a free slot; "now" never does.
 */
export async function rollKey(viewer: Viewer, sid: string, grace: GracePeriod): Promise<RollKeyResult> {
  // Only keys the viewer may roll spend the workspace's budget: neither a forged sid nor a
  // Member's attempts on a teammate's key may use it up. (Checked again under the lock.)
  const target = await db().apiKey.findFirst({ where: { sid, workspaceId: viewer.workspace.id }, select: { userId: true } });
  if (!target) return { ok: false, reason: "not_found" };
  if (!canManageKey(viewer.role, { actingUserId: target.userId }, viewer.id)) return { ok: false, reason: "forbidden" };
  const budget = await consumeKeyCreation(viewer.workspace.id);
  if (!budget.ok) return { ok: false, reason: "rate_limited", retryAfterSeconds: budget.retryAfterSeconds };
  const now = new Date();
  return changeKeys(auditActorOf(viewer), async (change): Promise<RollKeyResult> => {
    // Rolling hands out a new secret with the old key's permission: an API key may only do
    // that for keys it could have created itself, or a Write key could mint Read/Write ones.
    const old = await keyToChange(change, viewer, sid);
    if (typeof old === "string") return { ok: false, reason: old };
    if (keyStatus(old, now) !== "active") return { ok: false, reason: "not_active" };
    if (old.rolledAt) return { ok: false, reason: "already_rolled" };
    // The new secret goes to the caller: it gets no looser a limit and no later an expiry than
    // the calling key's own (a limited key cannot roll itself, or another, into an unlimited one).
    const bounds = await creatorBounds(change, viewer);
    if (bounds === "gone") return { ok: false, reason: "permission_exceeds" };
    const graceEnd = new Date(now.getTime() + GRACE_PERIODS[grace]);
    const oldStaysAlive = GRACE_PERIODS[grace] > 0;
    // Only a roll that leaves both keys alive adds an active key. "Now" swaps one for one, so
    // it works even over the limit (a plan lowered below what exists blocks new keys only).
    const { limit, planName } = await limitIn(change.tx, viewer.workspace.id, "keys");
    if (oldStaysAlive && !hasRoomFor(await change.read.apiKey.count({ where: activeWhere(viewer, now) }), limit)) {
      await change.refuse({ action: "limit_reached", key: old, detail: `Rolling with a ${grace} grace period was refused: ${limit} active keys (${planName} plan).` });
      return { ok: false, reason: "limit_reached" };
    }
    const oldEnd = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
    const { row, secret } = await insertKey(
      change,
      {
        name: old.name,
        description: old.description,
        permission: old.permission as Permission,
        rateLimitPerMinute: bounds ? tighter(old.rateLimitPerMinute, bounds.rateLimitPerMinute) : old.rateLimitPerMinute,
        expiresAt: bounds ? earlier(old.expiresAt, bounds.expiresAt) : old.expiresAt,
        rolledFromSid: old.sid,
        // The replacement keeps the old key's lineage, so a leak of whatever created it still reaches it.
        createdByKeySid: viewer.via === "api-key" ? viewer.keySid : old.createdByKeySid,
        // The replacement acts as whoever the old key acted as, whoever rolls it.
        actingUserId: old.userId,
        createdById: viewer.via === "api-key" ? null : viewer.id,
      },
      () => ({ action: "created", detail: `Replaces ${old.sid} (rolled)` }),
    );
    const oldRow = await change.update(
      old,
      { rolledAt: now, rolledToSid: row.sid, expiresAt: oldEnd },
      {
        action: "rolled",
        detail: `Rolled into ${row.sid}; the old secret works until ${oldEnd.toISOString()}`,
        event: { type: "key.rolled", data: keyEventData({ ...old, expiresAt: oldEnd }, eventActor(viewer), { newKey: keyEventData(row, eventActor(viewer)).key, oldKeyWorksUntil: oldEnd.toISOString() }) },
      },
    );
    return { ok: true, key: toDTO(row, now), secret, oldKey: toDTO(oldRow, now) };
  });
}

export type RevokeKeyResult = { ok: true; key: KeyDTO; alsoRevoked: string[] } | { ok: false; reason: KeyRefusal };

/**
 * Revokes one of the viewer's keys. Revoking an already revoked key changes nothing and keeps
 * the first revocation time. A revoked key never leaves a live replacement behind (a roll that
 * raced the revocation would otherwise hand its new secret on), and with `alsoCreated` the keys
 * it created through the API go too (key-lineage.ts).
 */
export async function revokeKey(viewer: Viewer, sid: string, options: { alsoCreated?: boolean } = {}): Promise<RevokeKeyResult> {
  const result = await changeKeys(auditActorOf(viewer), async (change): Promise<RevokeKeyResult | { ok: "revoked"; alsoRevoked: string[] }> => {
    const key = await keyToChange(change, viewer, sid);
    if (typeof key === "string") return { ok: false, reason: key };
    if (key.revokedAt) return { ok: "revoked", alsoRevoked: [] };
    const alsoRevoked = await revokeWithLineage(withinReach(change, viewer), key, {
      alsoCreated: options.alsoCreated ?? false,
      actor: eventActor(viewer),
      record: (row) => ({ action: "revoked", event: { type: "key.revoked", data: keyEventData(row, eventActor(viewer)) } }),
    });
    return { ok: "revoked", alsoRevoked };
  });
  if (result.ok !== "revoked") return result;
  const key = await getKey(viewer, sid);
  return key ? { ok: true, key, alsoRevoked: result.alsoRevoked } : { ok: false, reason: "not_found" };
}

/**
 * The change as revokeWithLineage sees it for `viewer`: the keys it looks up to revoke with the
 * root (those the root created, and its replacement) are only keys the viewer could revoke one
 * by one. Keys made by a key act as that key's member, so a Member's lineage is usually all
 * theirs; but a key that once belonged to an Admin may have rolled a teammate's key (the
 * replacement records it as its creator), and after a demotion "also revoke the keys it
 * created" must not reach that one (nor, through it, what it created). Admins and Owners reach
 * every key, as before. (countKeysCreatedBy, the count the revoke dialog shows, does not apply
 * this narrowing: after a demotion it may count a key the revocation then leaves alone.)
 */
function withinReach(change: KeyChange, viewer: Viewer): KeyChange {
  if (atLeast(viewer.role, "admin")) return change;
  const keys = change.read.apiKey;
  const own = { userId: viewer.id };
  const findMany = ((args: { where?: object }) => keys.findMany({ ...args, where: { AND: [args.where ?? {}, own] } })) as unknown as typeof keys.findMany;
  return { ...change, read: { apiKey: { findFirst: keys.findFirst.bind(keys), count: keys.count.bind(keys), findMany } } };
}

export type EndGraceResult = { ok: true; key: KeyDTO } | { ok: false; reason: KeyRefusal | "not_in_grace" };

/**
 * Stops a rolled key's old secret now, before its grace period ends; its replacement keeps
 * working. This is what an owner who rolled a key usually wants from "stop the old one", and
 * unlike a revocation it does not reach the replacement (see revokeKey).
 */
export async function endGracePeriod(viewer: Viewer, sid: string): Promise<EndGraceResult> {
  return changeKeys(auditActorOf(viewer), async (change): Promise<EndGraceResult> => {
    const key = await keyToChange(change, viewer, sid);
    if (typeof key === "string") return { ok: false, reason: key };
    const now = new Date();
    if (!key.rolledAt || !key.rolledToSid || keyStatus(key, now) !== "active") return { ok: false, reason: "not_in_grace" };
    const row = await change.update(key, { expiresAt: now }, {
      action: "edited",
      detail: `Grace period ended early: the old secret stopped working; ${key.rolledToSid} keeps working.`,
    });
    return { ok: true, key: toDTO(row, now) };
  });
}

export type DeleteKeyResult = { ok: true; name: string } | { ok: false; reason: KeyRefusal | "still_active" };

/** Deletes a revoked or expired key for good; the security log keeps the event. */
export async function deleteKey(viewer: Viewer, sid: string): Promise<DeleteKeyResult> {
  return changeKeys(auditActorOf(viewer), async (change): Promise<DeleteKeyResult> => {
    const key = await keyToChange(change, viewer, sid);
    if (typeof key === "string") return { ok: false, reason: key };
    if (keyStatus(key) === "active") return { ok: false, reason: "still_active" };
    await change.remove(key, { action: "deleted", event: { type: "key.deleted", data: keyEventData(key, eventActor(viewer)) } });
    return { ok: true, name: key.name };
  });
}

/** Live keys that `sid` created through the API, directly or through keys it created: what "also revoke" would reach. */
export { countKeysCreatedBy, countKeysCreatedByEach } from "./key-lineage";
