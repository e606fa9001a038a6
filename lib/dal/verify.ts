import "server-only";
import { hash } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { hashKey } from "@/lib/keys/hash";
import type { Permission } from "@/lib/keys/permissions";
import type { Membership, Viewer } from "@/lib/viewer";
import { apiKeyViewer } from "@/lib/viewer-issue";
import { cappedPermission, isRole } from "@/lib/workspaces/roles";
import { recordKeyRefusal } from "./activity";
import { cacheDrop, cacheForgetMatching, cacheGet, cacheGetRefusal, cacheSet, cacheSetRefusal } from "./key-cache";
import { lookupInFlight, queuedLookups, readKeyRow, sharedLookup, type Read, type StoredKey } from "./key-lookup";
import { keyStatus } from "./keys";
import { hasTwoFactor } from "./two-factor-status";

export type VerifiedKey = {
  id: string;
  sid: string;
  name: string;
  prefix: string;
  permission: Permission;
  expiresAt: Date | null;
  rateLimitPerMinute: number | null;
};

type Verified = { viewer: Viewer; key: VerifiedKey };
/** user null: a service key, acting as the workspace. */
type CachedVerification = { user: { id: string; name: string; email: string } | null; membership: Membership; key: VerifiedKey };
/** A lookup's answer: the key, or a refusal (with the key's id when it is stored, to count it). */
type Answer = { verified: CachedVerification } | { refusedKeyId: string | null };

/**
 * Refusals are remembered too (key-cache.ts), for at most this long. That is safe because an
 * answer of "no" can only become wrong if a stored key's secret was presented before the key
 * existed: a new key (created or rolled) gets a secret of 190 random bits generated at that
 * moment, which nobody can have sent us earlier, so no refusal can be cached for it. Every
 * other change only turns "yes" into "no" (revoke, expiry, delete); nothing turns a revoked or
 * expired key back into a valid one, and if a change ever did, it would forget the key's
 * refusal by sid like any other change. The one "no" that can become "yes" is a member key
 * refused by the workspace's two-factor policy: complying forgets every refusal (forgetAccess). Refused checks still count against the client's
 * address: withApiKey records each one, cached or not.
 */
const REFUSAL_TTL_MS = 5_000;
const refusalTtl = () => Math.min(env().KEY_CACHE_TTL_MS, REFUSAL_TTL_MS);
/** With more lookups than this waiting, the database is behind: no background refreshes. */
const MAX_QUEUED_FOR_REFRESH = 1_000;

/**
 * Looks up a well-formed key by its HMAC, through the in-process cache (key-cache.ts states
 * its bounds). Unknown, revoked and expired keys all come back as null, so no caller can tell
 * them apart. Nothing is written to the database here: use and refusals are counted in memory.
 */
export async function verifyKey(secret: string, ip: string | null): Promise<Verified | null> {
  const id = cacheIdOf(secret);
  const cached = answerFromCache(id, secret, ip);
  if (cached) return cached;
  const refusal = cacheGetRefusal(id, refusalTtl());
  const answer: Answer = refusal ? { refusedKeyId: refusal.keyId } : await lookup(id, secret);
  if ("verified" in answer) return toVerified(answer.verified, ip);
  if (answer.refusedKeyId) recordKeyRefusal(answer.refusedKeyId);
  return null;
}

/**
 * The same answer as verifyKey for a key in the cache, without a promise: the hot path of
 * every API request. Undefined when the key is not cached (then call verifyKey).
 */
export function verifyCachedKey(secret: string, ip: string | null): Verified | undefined {
  return answerFromCache(cacheIdOf(secret), secret, ip);
}

/**
 * Refresh ahead: a key still in use past half its TTL is read again in the background while
 * the cached answer keeps being served, so a busy key never waits for the database. The TTL
 * stays a hard bound: if the refresh has not landed when it runs out, the entry is not served.
 */
function answerFromCache(id: string, secret: string, ip: string | null): Verified | undefined {
  const ttl = env().KEY_CACHE_TTL_MS;
  const now = Date.now();
  const entry = cacheGet<CachedVerification>(id, ttl, now);
  if (!entry) return undefined;
  if (now - entry.cachedAt > ttl / 2 && !lookupInFlight(id) && queuedLookups() < MAX_QUEUED_FOR_REFRESH) {
    lookup(id, secret).catch(() => undefined); // the request in hand is served either way
  }
  return toVerified(entry.value, ip);
}

/**
 * The cache is keyed by a plain SHA-256 of the key, a tenth of the cost of the peppered HMAC
 * (which needs a keyed hash object per call). The HMAC is only computed on a miss, for the
 * database. Both are one-way; the cache lives in this process's memory only.
 */
const cacheIdOf = (secret: string) => hash("sha256", secret, "base64");

const toVerified = ({ user, membership, key }: CachedVerification, ip: string | null): Verified => ({
  viewer: apiKeyViewer(user, membership, key, ip),
  key,
});

/**
 * What a stored key acts as: the workspace (a service key, userId null, whose own permission is
 * all it has), or a member and their role in its workspace. Null when it acts for someone who
 * is no longer a member (then it is refused like a revoked key; removal also revokes it). The
 * membership is cached with the key, and dropped with it by the same change notices.
 */
function actingMember(row: StoredKey): { user: CachedVerification["user"]; membership: Membership } | null {
  const { requireTwoFactor, ...workspace } = row.workspace;
  if (row.userId === null) return { user: null, membership: { workspace, role: "admin" } };
  const member = row.user?.memberships.find((m) => m.workspaceId === workspace.id);
  if (!row.user || !member || !isRole(member.role)) return null;
  // A disabled person (lib/dal/instance-admin.ts) acts for nobody: their member keys stop, on
  // every instance (the disabling goes through changeAccess), until they are re-enabled.
  if (row.user.disabledAt) return null;
  // The workspace requires two-factor sign-in and the member has not set it up: their keys
  // stop working, like a removed member's, until they do (service keys act for nobody).
  if (requireTwoFactor && !hasTwoFactor(row.user)) return null;
  return { user: { id: row.user.id, name: row.user.name, email: row.user.email }, membership: { workspace, role: member.role } };
}

/** A change of who member keys may act for, without a change to any key (key-sync.ts announces it). */
export type AccessChange = { userId: string } | { workspaceId: string };

/**
 * Forgets, in this process, the cached answers a change of access makes wrong: the member keys
 * of a person whose two-factor setup changed, or of a workspace whose policy changed, and every
 * cached refusal (complying turns a refused key back into a valid one).
 */
export function forgetAccess(change: AccessChange): void {
  cacheForgetMatching((value) => {
    const { user, membership } = value as CachedVerification;
    return "userId" in change ? user?.id === change.userId : user !== null && membership.workspace.id === change.workspaceId;
  });
}

const lookup = (id: string, secret: string): Promise<Answer> =>
  sharedLookup(id, async () => settle(id, await readKeyRow(hashKey(secret, env().KEY_PEPPER))));

/** Caches what a lookup read (unless it raced a change: key-cache.ts) and answers with it. */
function settle(id: string, { row, generation, readAt }: Read): Answer {
  const acting = row && keyStatus(row) === "active" ? actingMember(row) : null;
  // What the key may do now: its own permission capped by its member's role (a Viewer's keys
  // only read). Nothing at all (a Viewer's Write key) is refused like a revoked key.
  const permission = row && acting ? cappedPermission(row.permission as Permission, acting.membership.role) : null;
  if (row && acting && permission) {
    const key = {
      id: row.id,
      sid: row.sid,
      name: row.name,
      prefix: row.prefix,
      permission,
      expiresAt: row.expiresAt,
      rateLimitPerMinute: row.rateLimitPerMinute,
    };
    const verified = { ...acting, key };
    cacheSet(id, row.sid, verified, row.expiresAt, env().KEY_CACHE_TTL_MS, generation, readAt);
    return { verified };
  }
  // A refresh that finds the key revoked, expired or gone stops the cached "yes" at once.
  cacheDrop(id);
  cacheSetRefusal(id, row && { sid: row.sid, keyId: row.id }, refusalTtl(), generation, readAt);
  return { refusedKeyId: row?.id ?? null };
}

export type Inspection = {
  code: "valid" | "not_found" | "revoked" | "expired";
  key: { id: string; sid: string; name: string; permission: Permission; expiresAt: Date | null; workspaceId: string; actingUserId: string | null; rateLimitPerMinute: number | null } | null;
};

/**
 * For POST /api/v1/keys/verify: what a key of the viewer's own workspace is, in detail
 * (revoked and expired are told apart here, for the workspace). Another workspace's key is
 * "not_found", exactly like a key that does not exist.
 */
export async function inspectKey(viewer: Viewer, secret: string): Promise<Inspection> {
  const row = await db().apiKey.findUnique({
    where: { hash: hashKey(secret, env().KEY_PEPPER) },
    select: { id: true, sid: true, name: true, permission: true, expiresAt: true, revokedAt: true, workspaceId: true, userId: true, rateLimitPerMinute: true },
  });
  if (!row || row.workspaceId !== viewer.workspace.id) return { code: "not_found", key: null };
  const status = keyStatus(row);
  if (status !== "active") recordKeyRefusal(row.id);
  const key = {
    id: row.id,
    sid: row.sid,
    name: row.name,
    permission: row.permission as Permission,
    expiresAt: row.expiresAt,
    workspaceId: row.workspaceId,
    actingUserId: row.userId,
    rateLimitPerMinute: row.rateLimitPerMinute,
  };
  return { code: status === "active" ? "valid" : status, key };
}
