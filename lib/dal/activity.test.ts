import { describe, expect, it } from "vitest";
import { insertUserWithKeys } from "@/tests/integration/raw-rows";
import { db } from "@/lib/db";
import { flushActivity, recordKeyRefusal, recordKeyUse, utcDay } from "./activity";

// The pending activity lives on globalThis (it must survive module reloads in development),
// which lets this test look at its size without a test-only export.
type Pending = { lastUse: Map<string, unknown>; counts: Map<string, unknown> };
const pending = () => (globalThis as unknown as { __latchkeyActivity: Pending }).__latchkeyActivity;

// The most keys activity.ts holds per map between writes (its PENDING_LIMIT).
const LIMIT = 50_000;

const realKey = async () => (await insertUserWithKeys(1)).keyIds[0];

const today = (keyId: string) => db().keyUsageDay.findUnique({ where: { keyId_day: { keyId, day: utcDay(new Date()) } }, select: { succeeded: true, refused: true } });

describe("activity", () => {
  it("a flood of distinct keys between flushes cannot grow the pending activity without bound", async () => {
    const id = await realKey();
    recordKeyUse(id, "192.0.2.1");
    // Synchronous, like a burst of requests between two ticks: no flush can finish meanwhile.
    for (let i = 0; i < 200_000; i++) {
      recordKeyUse(`flood-${i}`, "192.0.2.2");
      recordKeyRefusal(`flood-refused-${i}`);
    }
    expect(pending().lastUse.size).toBeLessThanOrEqual(LIMIT);
    expect(pending().counts.size).toBeLessThanOrEqual(LIMIT);
    await flushActivity();
    // What was pending before the flood is not what the bound gives up.
    expect(await today(id)).toEqual({ succeeded: 1, refused: 0 });
  });

  it("a flush asked for while another is writing also writes what was recorded meanwhile", async () => {
    const [first, second] = await Promise.all([realKey(), realKey()]);
    recordKeyUse(first, "192.0.2.3");
    const running = flushActivity();
    recordKeyUse(second, "192.0.2.4");
    recordKeyRefusal(second);
    // The last call before exit: it must not just hand back the flush already running.
    await flushActivity();
    expect(await today(first)).toEqual({ succeeded: 1, refused: 0 });
    expect(await today(second)).toEqual({ succeeded: 1, refused: 1 });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: second }, select: { lastUsedIp: true } })).lastUsedIp).toBe("192.0.2.4");
    await running;
  });
});
