import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { hashKey } from "@/lib/keys/hash";
import type { Permission } from "@/lib/keys/permissions";
import type { Viewer } from "@/lib/viewer";
import { recordKeyRefusal } from "./activity";
import { keyStatus } from "./keys";

export type VerifiedKey = { id: string; sid: string; name: string; prefix: string; permission: Permission; expiresAt: Date | null };

/**
 * Looks up a well-formed key by its HMAC. Unknown, revoked and expired keys all come back as
 * null, so no caller can tell them apart. Nothing is written to the database here: use and
 * refusals are counted in memory (see activity.ts).
 */
export async function verifyKey(secret: string, ip: string | null): Promise<{ viewer: Viewer; key: VerifiedKey } | null> {
  const row = await db().apiKey.findUnique({
    where: { hash: hashKey(secret, env().KEY_PEPPER) },
    select: {
      id: true,
      sid: true,
      name: true,
      prefix: true,
      permission: true,
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
  const permission = row.permission as Permission;
  return {
    viewer: { ...row.user, ip, via: "api-key", keySid: row.sid, permission },
    key: { id: row.id, sid: row.sid, name: row.name, prefix: row.prefix, permission, expiresAt: row.expiresAt },
  };
}
