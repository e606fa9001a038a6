import "server-only";
import { db } from "@/lib/db";
import { EXPIRY_NOTICE_MS, FINAL_EXPIRY_NOTICE_MS, keyEventData } from "@/lib/webhooks/events";
import { mailKeyExpiring } from "./key-mail";
import { enqueueEvent } from "./webhooks";

/**
 * Queues "key.expiring" once per key when it comes within 7 days of its expiry, and mails "expires
 * in 7 days", then "expires in 1 day" once it is within a day. The delivery worker calls this about
 * once a minute in every instance; each claim (expiryNotifiedAt, expiryFinalNotifiedAt) is a
 * compare-and-set, so several instances scanning at once send each notice once.
 */
export async function queueExpiryNotices(now = new Date()): Promise<number> {
  const keys = await db().apiKey.findMany({
    where: { expiryNotifiedAt: null, revokedAt: null, rolledAt: null, expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRY_NOTICE_MS) } },
    // The most urgent first: a backlog larger than one scan never delays the nearest expiry.
    orderBy: { expiresAt: "asc" },
    take: 200,
    select: { id: true, sid: true, name: true, prefix: true, permission: true, expiresAt: true, workspaceId: true },
  });
  let queued = 0;
  const claimed: Array<(typeof keys)[number] & { days: 7 | 1 }> = [];
  for (const key of keys) {
    await db().$transaction(async (tx) => {
      // Found with a day or less left (the worker was down, say): only the 1-day mail goes out.
      const final = key.expiresAt!.getTime() - now.getTime() <= FINAL_EXPIRY_NOTICE_MS;
      const claim = await tx.apiKey.updateMany({ where: { id: key.id, expiryNotifiedAt: null }, data: { expiryNotifiedAt: now, ...(final ? { expiryFinalNotifiedAt: now } : {}) } });
      if (claim.count !== 1) return;
      const daysLeft = Math.max(0, Math.ceil((key.expiresAt!.getTime() - now.getTime()) / 86_400_000));
      queued += await enqueueEvent(tx, key.workspaceId, "key.expiring", keyEventData(key, { type: "system" }, { expiresInDays: daysLeft }));
      claimed.push({ ...key, days: final ? 1 : 7 });
    });
  }
  // The mails ride on the same once-per-key claims, after the transaction (never inside it).
  for (const key of claimed) mailKeyExpiring(key, key.days);
  await mailFinalNotices(now);
  return queued;
}

/** "Expires in 1 day", once per key that had its 7-day notice and now has a day or less left. */
async function mailFinalNotices(now: Date): Promise<void> {
  const keys = await db().apiKey.findMany({
    where: { expiryNotifiedAt: { not: null }, expiryFinalNotifiedAt: null, revokedAt: null, rolledAt: null, expiresAt: { gt: now, lte: new Date(now.getTime() + FINAL_EXPIRY_NOTICE_MS) } },
    orderBy: { expiresAt: "asc" },
    take: 200,
    select: { id: true, sid: true, name: true, prefix: true, expiresAt: true },
  });
  for (const key of keys) {
    const claim = await db().apiKey.updateMany({ where: { id: key.id, expiryFinalNotifiedAt: null }, data: { expiryFinalNotifiedAt: now } });
    if (claim.count === 1) mailKeyExpiring(key, 1);
  }
}
