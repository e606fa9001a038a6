import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utcDay } from "@/lib/dal/activity";
import { pruneExpired } from "@/lib/dal/retention";
import { db } from "@/lib/db";
import { insertUserWithKeys } from "./raw-rows";

const DAY = 86_400_000;
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const id = () => `msg_${randomBytes(12).toString("hex")}`;

/** Rows of every kind on both sides of its retention period (the defaults: 30, 365, 400 days). */
async function seed() {
  const { userId, keyIds } = await insertUserWithKeys(3);
  const webhook = await db().webhook.create({
    data: { workspaceId: userId, userId, name: "retention", url: "https://hooks.example.test/", events: "key.created", secretKeyId: "t1", secretSealed: "x", secretHint: "abcd" },
    select: { id: true },
  });
  const webhookId = webhook.id;
  const delivery = (status: string, createdAt: Date) => ({ id: id(), webhookId, workspaceId: userId, event: "key.created", payload: "{}", status, createdAt });
  // More than one batch of old finished deliveries, so the job has to loop.
  const oldFinished = [...Array.from({ length: 1_100 }, () => delivery("delivered", ago(31))), delivery("failed", ago(90))];
  const kept = [delivery("delivered", ago(29)), delivery("failed", ago(1)), delivery("pending", ago(31)), delivery("pending", ago(400))];
  await db().webhookDelivery.createMany({ data: [...oldFinished, ...kept] });
  // Each attempt names its delivery in requestUrl, so orphans would still be found by it.
  await db().webhookAttempt.createMany({
    data: [...oldFinished, ...kept].map((d) => ({ deliveryId: d.id, number: 1, startedAt: d.createdAt, durationMs: 5, requestUrl: `https://hooks.example.test/${webhookId}/${d.id}`, requestHeaders: "{}" })),
  });

  const event = (createdAt: Date) => ({ id: id(), workspaceId: userId, userId, action: "created", actorType: "session", createdAt });
  const oldEvents = Array.from({ length: 2_500 }, () => event(ago(366)));
  const freshEvents = [event(ago(364)), event(ago(0))];
  await db().auditEvent.createMany({ data: [...oldEvents, ...freshEvents] });

  // Days 0..449 back for three keys: 401..449 are past the 400-day period.
  const usage = keyIds.flatMap((keyId) => Array.from({ length: 450 }, (_, back) => ({ keyId, day: utcDay(ago(back)), succeeded: 1, refused: 0 })));
  await db().keyUsageDay.createMany({ data: usage });

  const session = (expiresAt: Date) => ({ id: id(), userId, expiresAt });
  const expired = [session(ago(1)), session(new Date(now.getTime() - 1_000))];
  const live = [session(new Date(now.getTime() + DAY))];
  await db().userSession.createMany({ data: [...expired, ...live] });

  // Ceremonies and mailed links: expired ones go, live ones stay.
  const challenge = (expiresAt: Date) => ({ id: id(), purpose: "second_factor", userId, challenge: "", expiresAt });
  const liveChallenge = challenge(new Date(now.getTime() + 60_000));
  await db().authChallenge.createMany({ data: [challenge(ago(1)), challenge(new Date(now.getTime() - 1_000)), liveChallenge] });
  const token = (expiresAt: Date) => ({ id: id(), userId, purpose: "reset_password", tokenHash: id(), email: "someone@example.test", expiresAt });
  const liveToken = token(new Date(now.getTime() + 60_000));
  await db().accountToken.createMany({ data: [token(ago(2)), liveToken] });
  await db().knownDevice.createMany({
    data: [
      { userId, deviceHash: `old-${userId}`, label: "Chrome on Linux", firstSeenAt: ago(500), lastSeenAt: ago(401) },
      { userId, deviceHash: `recent-${userId}`, label: "Firefox on macOS", firstSeenAt: ago(500), lastSeenAt: ago(399) },
    ],
  });

  return { userId, webhookId, keyIds, oldFinished, kept, oldEvents, freshEvents, expired, live, liveChallenge, liveToken };
}

/** Everything in the database that has expired, whoever seeded it. */
async function expiredCounts() {
  const [deliveries, auditEvents, usageDays, sessions] = await Promise.all([
    db().webhookDelivery.count({ where: { status: { in: ["delivered", "failed"] }, createdAt: { lt: ago(30) } } }),
    db().auditEvent.count({ where: { createdAt: { lt: ago(365) } } }),
    db().keyUsageDay.count({ where: { day: { lt: utcDay(ago(400)) } } }),
    db().userSession.count({ where: { expiresAt: { lt: now } } }),
  ]);
  const [challenges, accountTokens, devices] = await Promise.all([
    db().authChallenge.count({ where: { expiresAt: { lt: now } } }),
    db().accountToken.count({ where: { expiresAt: { lt: now } } }),
    db().knownDevice.count({ where: { lastSeenAt: { lt: ago(400) } } }),
  ]);
  return { deliveries, auditEvents, usageDays, sessions, challenges, accountTokens, devices };
}

describe("retention", () => {
  it("two instances pruning at once delete exactly the expired rows, once", async () => {
    const s = await seed();
    const before = await expiredCounts();
    expect(before.deliveries).toBeGreaterThanOrEqual(1_101);
    expect(before.auditEvents).toBeGreaterThanOrEqual(2_500);
    expect(before.usageDays).toBeGreaterThanOrEqual(3 * 49);

    const [a, b] = await Promise.all([pruneExpired(now), pruneExpired(now)]);

    // Each row was deleted by exactly one of the two runs.
    expect({
      deliveries: a.deliveries + b.deliveries,
      auditEvents: a.auditEvents + b.auditEvents,
      usageDays: a.usageDays + b.usageDays,
      sessions: a.sessions + b.sessions,
      challenges: a.challenges + b.challenges,
      accountTokens: a.accountTokens + b.accountTokens,
      devices: a.devices + b.devices,
    }).toEqual(before);
    expect(await expiredCounts()).toEqual({ deliveries: 0, auditEvents: 0, usageDays: 0, sessions: 0, challenges: 0, accountTokens: 0, devices: 0 });

    // Recent finished deliveries and pending ones of any age stay; the old ones' attempts went
    // with them (the foreign key cascades on both databases), the others' stayed.
    const keptIds = s.kept.map((d) => d.id).sort();
    const deliveries = await db().webhookDelivery.findMany({ where: { webhookId: s.webhookId }, select: { id: true } });
    expect(deliveries.map((d) => d.id).sort()).toEqual(keptIds);
    const attempts = await db().webhookAttempt.findMany({ where: { requestUrl: { startsWith: `https://hooks.example.test/${s.webhookId}/` } }, select: { deliveryId: true } });
    expect(attempts.map((a) => a.deliveryId).sort()).toEqual(keptIds);

    expect(await db().auditEvent.count({ where: { userId: s.userId } })).toBe(s.freshEvents.length);
    for (const keyId of s.keyIds) {
      const days = await db().keyUsageDay.findMany({ where: { keyId }, select: { day: true }, orderBy: { day: "asc" } });
      expect(days).toHaveLength(401);
      expect(days[0].day).toBe(utcDay(ago(400)));
    }
    const sessions = await db().userSession.findMany({ where: { userId: s.userId }, select: { id: true } });
    expect(sessions.map((row) => row.id)).toEqual(s.live.map((row) => row.id));
    expect((await db().authChallenge.findMany({ where: { userId: s.userId }, select: { id: true } })).map((row) => row.id)).toEqual([s.liveChallenge.id]);
    expect((await db().accountToken.findMany({ where: { userId: s.userId }, select: { id: true } })).map((row) => row.id)).toEqual([s.liveToken.id]);
    expect((await db().knownDevice.findMany({ where: { userId: s.userId }, select: { deviceHash: true } })).map((row) => row.deviceHash)).toEqual([`recent-${s.userId}`]);
  });

  it("a second run finds nothing left to delete", async () => {
    await seed();
    await pruneExpired(now);
    expect(await pruneExpired(now)).toEqual({ deliveries: 0, auditEvents: 0, usageDays: 0, sessions: 0, challenges: 0, accountTokens: 0, devices: 0 });
  });
});
