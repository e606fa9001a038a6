import "server-only";
import { db } from "@/lib/db";
import { EXPIRY_NOTICE_MS, keyEventData } from "@/lib/webhooks/events";
import { mailKeyExpiring } from "./key-mail";
import { enqueueEvent } from "./webhooks";

/**
 * Queues "key.expiring" once per key when it comes within 7 days of its expiry. The delivery
 * worker calls this about once a minute in every instance; the claim on expiryNotifiedAt is a
 * compare-and-set, so several instances scanning at once queue each notice once.
 */
export async function queueExpiryNotices(now = new Date()): Promise<number> {
  const keys = await db().apiKey.findMany({
    where: { expiryNotifiedAt: null, revokedAt: null, rolledAt: null, expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRY_NOTICE_MS) } },
    take: 200,
    select: { id: true, sid: true, name: true, prefix: true, permission: true, expiresAt: true, workspaceId: true },
  });
  let queued = 0;
  const claimed: typeof keys = [];
  for (const key of keys) {
    await db().$transaction(async (tx) => {
      const claim = await tx.apiKey.updateMany({ where: { id: key.id, expiryNotifiedAt: null }, data: { expiryNotifiedAt: now } });
      if (claim.count !== 1) return;
      const daysLeft = Math.max(0, Math.ceil((key.expiresAt!.getTime() - now.getTime()) / 86_400_000));
      queued += await enqueueEvent(tx, key.workspaceId, "key.expiring", keyEventData(key, { type: "system" }, { expiresInDays: daysLeft }));
      claimed.push(key);
    });
  }
  // The 7-day mail rides on the same once-per-key claim. The 1-day mail needs a second marker
  // column (a schema change), so it is not sent yet.
  for (const key of claimed) mailKeyExpiring(key, 7);
  return queued;
}
