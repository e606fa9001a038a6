import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { revokeKey, rollKey } from "@/lib/dal/key-changes";
import { keyStatus } from "@/lib/dal/keys";
import { reportLeakedKeys } from "@/lib/dal/leaks";
import { db } from "@/lib/db";

// Concurrent changes to one key are serialised: a roll racing a revoke or a leak report must
// never leave a revoked key with a live successor (whoever raced the revocation would keep a
// working secret). 50 races each, all fired at once.
process.env.MAX_ACTIVE_KEYS = "20";
process.env.KEY_CREATES_PER_USER_PER_HOUR = "100000";

afterAll(() => db().$disconnect());

async function revokedWithLiveSuccessor(userIds: string[]) {
  const rolled = await db().apiKey.findMany({ where: { userId: { in: userIds }, revokedAt: { not: null }, rolledToSid: { not: null } }, select: { sid: true, rolledToSid: true } });
  const successors = await db().apiKey.findMany({ where: { sid: { in: rolled.map((k) => k.rolledToSid!) } }, select: { sid: true, revokedAt: true, expiresAt: true } });
  return successors.filter((s) => keyStatus(s) === "active").map((s) => s.sid);
}

describe("a roll racing a revocation", () => {
  it.each(["revoke", "leak report"] as const)("50 rolls racing a %s leave no revoked key with a live successor", async (kind) => {
    const races = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const viewer = await makeViewer();
        const { key, secret } = await makeKey(viewer, { name: "raced" });
        return { viewer, key, secret };
      }),
    );
    // The revocation starts up to 400 ms after the roll, so across the 50 races it lands before,
    // during and after the roll's transaction, also on a loaded machine where a roll's checks
    // before its transaction take longer than the 60 ms this once allowed (then no roll won).
    const later = (i: number) => new Promise<void>((resolve) => setTimeout(resolve, (i * 13) % 401));
    await Promise.all(
      races.flatMap(({ viewer, key, secret }, i) => [
        rollKey(viewer, key.sid, "24h"),
        later(i).then(async () => void (kind === "revoke" ? await revokeKey(viewer, key.sid) : await reportLeakedKeys([secret], null))),
      ]),
    );
    const outcomes = await db().apiKey.count({ where: { userId: { in: races.map((r) => r.viewer.id) }, rolledFromSid: { not: null } } });
    // Some rolls won the race: otherwise this test would not be testing the race at all.
    expect(outcomes).toBeGreaterThan(0);
    expect(await revokedWithLiveSuccessor(races.map((r) => r.viewer.id))).toEqual([]);
  });
});
