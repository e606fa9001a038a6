import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isWellFormedKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { auditPublic } from "./audit";
import { cacheForget } from "./key-cache";
import { announceKeyChange } from "./key-sync";
import { enqueueEvent } from "./webhooks";
import { keyEventData } from "@/lib/webhooks/events";
import { nudgeWebhooks } from "@/lib/webhooks/nudge";

/**
 * GitHub's credential revocation, for Latchkey keys: anyone who finds a key in the wild may
 * report it. A key that exists is revoked (if it was still active) and its owner sees a
 * `leaked` event and a banner. The caller learns nothing: the answer is the same whether a
 * reported string was a key, an old key or noise.
 */
export async function reportLeakedKeys(candidates: string[], ip: string | null): Promise<void> {
  for (const candidate of new Set(candidates)) {
    if (!isWellFormedKey(candidate)) continue;
    const hash = hashKey(candidate, env().KEY_PEPPER);
    const sid = await db().$transaction(async (tx) => {
      const key = await tx.apiKey.findUnique({ where: { hash }, select: { id: true, sid: true, name: true, prefix: true, permission: true, expiresAt: true, userId: true, revokedAt: true } });
      if (!key) return null;
      if (!key.revokedAt) {
        await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() }, select: { id: true } });
        await announceKeyChange(tx, key.sid);
      }
      await auditPublic(tx, key.userId, "leaked", {
        key,
        ip,
        detail: key.revokedAt ? "Reported as leaked; it was already revoked." : "Reported as leaked and revoked at once.",
      });
      await enqueueEvent(tx, key.userId, "key.leaked", keyEventData(key, { type: "public" }, { alreadyRevoked: key.revokedAt !== null }));
      return key.sid;
    });
    if (sid) {
      cacheForget(sid);
      nudgeWebhooks();
    }
  }
}
