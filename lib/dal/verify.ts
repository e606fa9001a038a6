import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { hashKey } from "@/lib/keys/hash";
import type { Viewer } from "@/lib/viewer";
import { keyStatus } from "./keys";
import { recordKeyUse } from "./last-used";

export type VerifiedKey = { sid: string; name: string; prefix: string; expiresAt: Date | null };

/**
 * Looks up a well-formed key by its HMAC. Unknown, revoked and expired keys all come back
 * as null, so no caller can tell them apart. A successful verification records its use in
 * memory only (see last-used.ts): no database write on the request path.
 */
export async function verifyKey(secret: string): Promise<{ viewer: Viewer; key: VerifiedKey } | null> {
  const row = await db().apiKey.findUnique({
    where: { hash: hashKey(secret, env().KEY_PEPPER) },
    select: {
      id: true,
      sid: true,
      name: true,
      prefix: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, name: true, email: true } },
    },
  });
  if (!row || keyStatus(row) !== "active") return null;
  recordKeyUse(row.id);
  return {
    viewer: { ...row.user, via: "api-key" },
    key: { sid: row.sid, name: row.name, prefix: row.prefix, expiresAt: row.expiresAt },
  };
}
