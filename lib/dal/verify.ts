import "server-only";
import { hash } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { hashKey } from "@/lib/keys/hash";
import type { Permission } from "@/lib/keys/permissions";
import type { Viewer } from "@/lib/viewer";
import { recordKeyRefusal } from "./activity";
import { cacheGeneration, cacheGet, cacheSet } from "./key-cache";
import { keyStatus } from "./keys";

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
type CachedVerification = { user: { id: string; name: string; email: string }; key: VerifiedKey };

/**
 * Looks up a well-formed key by its HMAC, through the in-process cache (key-cache.ts states
 * its bounds). Unknown, revoked and expired keys all come back as null, so no caller can tell
 * them apart. Nothing is written to the database here: use and refusals are counted in memory.
 */
export async function verifyKey(secret: string, ip: string | null): Promise<Verified | null> {
  const cached = verifyCachedKey(secret, ip);
  if (cached) return cached;
  const found = await lookup(secret);
  return found ? toVerified(found, ip) : null;
}

/**
 * The same answer as verifyKey for a key in the cache, without a promise: the hot path of
 * every API request. Undefined when the key is not cached (then call verifyKey).
 */
export function verifyCachedKey(secret: string, ip: string | null): Verified | undefined {
  const found = cacheGet<CachedVerification>(cacheIdOf(secret), env().KEY_CACHE_TTL_MS)?.value;
  return found && toVerified(found, ip);
}

/**
 * The cache is keyed by a plain SHA-256 of the key, a tenth of the cost of the peppered HMAC
 * (which needs a keyed hash object per call). The HMAC is only computed on a miss, for the
 * database. Both are one-way; the cache lives in this process's memory only.
 */
const cacheIdOf = (secret: string) => hash("sha256", secret, "base64");

const toVerified = ({ user, key }: CachedVerification, ip: string | null): Verified => ({
  viewer: { ...user, ip, via: "api-key", keySid: key.sid, permission: key.permission },
  key,
});

async function lookup(secret: string): Promise<CachedVerification | null> {
  const startedAt = cacheGeneration();
  const row = await db().apiKey.findUnique({
    where: { hash: hashKey(secret, env().KEY_PEPPER) },
    select: {
      id: true,
      sid: true,
      name: true,
      prefix: true,
      permission: true,
      rateLimitPerMinute: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, name: true, email: true } },
    },
  });
  if (!row) return null;
  if (keyStatus(row) !== "active") {
    recordKeyRefusal(row.id);
    return null;
  }
  const key = {
    id: row.id,
    sid: row.sid,
    name: row.name,
    prefix: row.prefix,
    permission: row.permission as Permission,
    expiresAt: row.expiresAt,
    rateLimitPerMinute: row.rateLimitPerMinute,
  };
  const verified = { user: row.user, key };
  cacheSet(cacheIdOf(secret), row.sid, verified, row.expiresAt, env().KEY_CACHE_TTL_MS, startedAt);
  return verified;
}

export type Inspection = {
  code: "valid" | "not_found" | "revoked" | "expired";
  key: { id: string; sid: string; name: string; permission: Permission; expiresAt: Date | null; ownerId: string; rateLimitPerMinute: number | null } | null;
};

/**
 * For POST /api/v1/keys/verify: what a key of the viewer's own account is, in detail
 * (revoked and expired are told apart here, for the owner). Another account's key is
 * "not_found", exactly like a key that does not exist.
 */
export async function inspectKey(viewer: Viewer, secret: string): Promise<Inspection> {
  const row = await db().apiKey.findUnique({
    where: { hash: hashKey(secret, env().KEY_PEPPER) },
    select: { id: true, sid: true, name: true, permission: true, expiresAt: true, revokedAt: true, userId: true, rateLimitPerMinute: true },
  });
  if (!row || row.userId !== viewer.id) return { code: "not_found", key: null };
  const status = keyStatus(row);
  if (status !== "active") recordKeyRefusal(row.id);
  const key = {
    id: row.id,
    sid: row.sid,
    name: row.name,
    permission: row.permission as Permission,
    expiresAt: row.expiresAt,
    ownerId: row.userId,
    rateLimitPerMinute: row.rateLimitPerMinute,
  };
  return { code: status === "active" ? "valid" : status, key };
}
