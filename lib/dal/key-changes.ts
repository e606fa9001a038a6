import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { displayPrefix, generateKey, generateSid } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { covers, PERMISSION_LABELS } from "@/lib/keys/permissions";
import { GRACE_PERIODS, type CreateKeyInput, type GracePeriod } from "@/lib/validation/keys";
import { viewerPermission, type Viewer } from "@/lib/viewer";
import { EXPIRY_NOTICE_MS, keyEventData, type Actor } from "@/lib/webhooks/events";
import { nudgeWebhooks } from "@/lib/webhooks/nudge";
import { consumeKeyCreation } from "@/lib/http/rate-limit";
import { audit } from "./audit";
import { lockUser, type Tx } from "./user-lock";
import { cacheForget } from "./key-cache";
import { announceKeyChange } from "./key-sync";
import { enqueueEvent } from "./webhooks";
import { activeWhere, getKey, keySelect, keyStatus, maxActiveKeys, searchTextOf, toDTO, type KeyDTO } from "./keys";

const TX_OPTIONS = { maxWait: 20_000, timeout: 20_000 };

const actorOf = (viewer: Viewer): Actor => (viewer.via === "session" ? { type: "session" } : { type: "api_key", keySid: viewer.keySid });

async function insertKey(tx: Tx, viewer: Viewer, input: CreateKeyInput & { rolledFromSid?: string }) {
  const secret = generateKey();
  const now = Date.now();
  const fields = { sid: generateSid(), name: input.name, description: input.description, prefix: displayPrefix(secret) };
  const row = await tx.apiKey.create({
    data: {
      ...fields,
      userId: viewer.id,
      permission: input.permission,
      rateLimitPerMinute: input.rateLimitPerMinute,
      expiresAt: input.expiresAt,
      rolledFromSid: input.rolledFromSid ?? null,
      // A key that starts inside the 7-day window gets no separate "expiring" event: its
      // created (or rolled) event already carries the expiry.
      expiryNotifiedAt: input.expiresAt && input.expiresAt.getTime() - now <= EXPIRY_NOTICE_MS ? new Date(now) : null,
      hash: hashKey(secret, env().KEY_PEPPER),
      searchText: searchTextOf(fields),
    },
    select: keySelect,
  });
  return { row, secret };
}

export type CreateKeyResult =
  | { ok: true; key: KeyDTO; secret: string }
  | { ok: false; reason: "limit_reached" | "permission_exceeds" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/** Creates a key unless the viewer is at the limit or asks for more than it may have. */
export async function createKey(viewer: Viewer, input: CreateKeyInput): Promise<CreateKeyResult> {
  if (!covers(viewerPermission(viewer), input.permission)) return { ok: false, reason: "permission_exceeds" };
  const budget = await consumeKeyCreation(viewer.id);
  if (!budget.ok) return { ok: false, reason: "rate_limited", retryAfterSeconds: budget.retryAfterSeconds };
  const now = new Date();
  const created = await db().$transaction(async (tx) => {
    await lockUser(tx, viewer);
    if ((await tx.apiKey.count({ where: activeWhere(viewer, now) })) >= maxActiveKeys()) {
      await audit(tx, viewer, "limit_reached", { detail: `Creating “${input.name}” was refused: ${maxActiveKeys()} active keys.` });
      return null;
    }
    const { row, secret } = await insertKey(tx, viewer, input);
    await audit(tx, viewer, "created", { key: row, detail: `Permission: ${PERMISSION_LABELS[input.permission]}` });
    await enqueueEvent(tx, viewer.id, "key.created", keyEventData(row, actorOf(viewer)));
    return { row, secret };
  }, TX_OPTIONS);
  nudgeWebhooks();
  if (!created) return { ok: false, reason: "limit_reached" };
  return { ok: true, key: toDTO(created.row, now), secret: created.secret };
}

/** rateLimitPerMinute: undefined keeps the current limit, null removes it. */
export type KeyUpdate = { name: string; description: string; rateLimitPerMinute?: number | null };

/** Renames, re-describes or re-limits one of the viewer's keys. Secrets and permissions never change here. */
export async function updateKey(viewer: Viewer, sid: string, update: KeyUpdate): Promise<KeyDTO | null> {
  const updated = await db().$transaction(async (tx) => {
    const before = await tx.apiKey.findFirst({ where: { sid, userId: viewer.id }, select: { sid: true, name: true, description: true, prefix: true, rateLimitPerMinute: true } });
    if (!before) return null;
    const input = { ...update, rateLimitPerMinute: update.rateLimitPerMinute === undefined ? before.rateLimitPerMinute : update.rateLimitPerMinute };
    if (before.name !== input.name || before.description !== input.description || before.rateLimitPerMinute !== input.rateLimitPerMinute) {
      await tx.apiKey.updateMany({
        where: { sid, userId: viewer.id },
        data: { ...input, searchText: searchTextOf({ ...before, ...input }) },
      });
      const changes = [
        before.name !== input.name && `name “${before.name}” → “${input.name}”`,
        before.description !== input.description && "description",
        before.rateLimitPerMinute !== input.rateLimitPerMinute && `rate limit ${before.rateLimitPerMinute ?? "none"} → ${input.rateLimitPerMinute ?? "none"} per minute`,
      ];
      await announceKeyChange(tx, sid);
      await audit(tx, viewer, "edited", { key: { sid, name: input.name }, detail: `Changed ${changes.filter(Boolean).join(" and ")}` });
    }
    const row = await tx.apiKey.findFirstOrThrow({ where: { sid, userId: viewer.id }, select: keySelect });
    return toDTO(row, new Date());
  }, TX_OPTIONS);
  cacheForget(sid);
  return updated;
}

export type RollKeyResult =
  | { ok: true; key: KeyDTO; secret: string; oldKey: KeyDTO }
  | { ok: false; reason: "not_found" | "not_active" | "already_rolled" | "limit_reached" | "permission_exceeds" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Stripe's roll: a new key with the same name, description, permission and expiry; the old
 * secret keeps working until the grace period ends. While both are alive they both count
 * against the limit, so a roll with a grace period needs a free slot; "now" never does.
 */
export async function rollKey(viewer: Viewer, sid: string, grace: GracePeriod): Promise<RollKeyResult> {
  // Only the viewer's own keys spend the budget: a forged sid must not cost the victim.
  if (!(await db().apiKey.count({ where: { sid, userId: viewer.id } }))) return { ok: false, reason: "not_found" };
  const budget = await consumeKeyCreation(viewer.id);
  if (!budget.ok) return { ok: false, reason: "rate_limited", retryAfterSeconds: budget.retryAfterSeconds };
  const now = new Date();
  const result = await db().$transaction(async (tx): Promise<RollKeyResult | { ok: "limit" }> => {
    await lockUser(tx, viewer);
    const old = await tx.apiKey.findFirst({ where: { sid, userId: viewer.id }, select: keySelect });
    if (!old) return { ok: false, reason: "not_found" };
    // Rolling hands out a new secret with the old key's permission: an API key may only do
    // that for keys it could have created itself, or a Write key could mint Read/Write ones.
    if (!covers(viewerPermission(viewer), old.permission as CreateKeyInput["permission"])) return { ok: false, reason: "permission_exceeds" };
    if (keyStatus(old, now) !== "active") return { ok: false, reason: "not_active" };
    if (old.rolledAt) return { ok: false, reason: "already_rolled" };
    const graceEnd = new Date(now.getTime() + GRACE_PERIODS[grace]);
    const oldStaysAlive = GRACE_PERIODS[grace] > 0;
    const active = await tx.apiKey.count({ where: activeWhere(viewer, now) });
    if (active - (oldStaysAlive ? 0 : 1) + 1 > maxActiveKeys()) {
      await audit(tx, viewer, "limit_reached", { key: old, detail: `Rolling with a ${grace} grace period was refused: ${maxActiveKeys()} active keys.` });
      return { ok: "limit" };
    }
    const { row, secret } = await insertKey(tx, viewer, {
      name: old.name,
      description: old.description,
      permission: old.permission as CreateKeyInput["permission"],
      rateLimitPerMinute: old.rateLimitPerMinute,
      expiresAt: old.expiresAt,
      rolledFromSid: old.sid,
    });
    const oldEnd = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
    const oldRow = await tx.apiKey.update({
      where: { id: old.id },
      data: { rolledAt: now, rolledToSid: row.sid, expiresAt: oldEnd },
      select: keySelect,
    });
    await announceKeyChange(tx, old.sid);
    await audit(tx, viewer, "rolled", { key: old, detail: `Rolled into ${row.sid}; the old secret works until ${oldEnd.toISOString()}` });
    await enqueueEvent(tx, viewer.id, "key.rolled", keyEventData(oldRow, actorOf(viewer), { newKey: keyEventData(row, actorOf(viewer)).key, oldKeyWorksUntil: oldEnd.toISOString() }));
    return { ok: true, key: toDTO(row, now), secret, oldKey: toDTO(oldRow, now) };
  }, TX_OPTIONS);
  cacheForget(sid);
  nudgeWebhooks();
  return result.ok === "limit" ? { ok: false, reason: "limit_reached" } : result;
}

/**
 * Revokes one of the viewer's keys. Revoking an already revoked key changes nothing and
 * keeps the first revocation time. Null when the key is not the viewer's.
 */
export async function revokeKey(viewer: Viewer, sid: string): Promise<KeyDTO | null> {
  await db().$transaction(async (tx) => {
    const changed = await tx.apiKey.updateMany({ where: { sid, userId: viewer.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (changed.count === 0) return;
    await announceKeyChange(tx, sid);
    const key = await tx.apiKey.findFirstOrThrow({ where: { sid, userId: viewer.id }, select: keySelect });
    await audit(tx, viewer, "revoked", { key });
    await enqueueEvent(tx, viewer.id, "key.revoked", keyEventData(key, actorOf(viewer)));
  }, TX_OPTIONS);
  cacheForget(sid);
  nudgeWebhooks();
  return getKey(viewer, sid);
}

export type DeleteKeyResult = { ok: true; name: string } | { ok: false; reason: "not_found" | "still_active" };

/** Deletes a revoked or expired key for good; the security log keeps the event. */
export async function deleteKey(viewer: Viewer, sid: string): Promise<DeleteKeyResult> {
  const result = await db().$transaction(async (tx): Promise<DeleteKeyResult> => {
    const key = await tx.apiKey.findFirst({ where: { sid, userId: viewer.id }, select: keySelect });
    if (!key) return { ok: false, reason: "not_found" } as const;
    if (keyStatus(key) === "active") return { ok: false, reason: "still_active" } as const;
    await tx.apiKey.deleteMany({ where: { id: key.id, userId: viewer.id } });
    await announceKeyChange(tx, sid);
    await audit(tx, viewer, "deleted", { key });
    await enqueueEvent(tx, viewer.id, "key.deleted", keyEventData(key, actorOf(viewer)));
    return { ok: true, name: key.name } as const;
  }, TX_OPTIONS);
  cacheForget(sid);
  nudgeWebhooks();
  return result;
}
