import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "@/instrumentation";
import { flushActivity, recordKeyRefusal, recordKeyUse, utcDay } from "@/lib/dal/activity";
import { db } from "@/lib/db";
import { stopWebhookWorker } from "@/lib/webhooks/worker";
import { insertUserWithKeys } from "./raw-rows";

/**
 * What a server instance starts (instrumentation.ts) and what it does on a clean stop:
 * server.mjs awaits globalThis.__latchkeyBeforeExit after the last request has finished.
 */
const hook = () => (globalThis as { __latchkeyBeforeExit?: () => Promise<void> }).__latchkeyBeforeExit;

beforeAll(async () => {
  // Read lazily by env(), so this applies as long as nothing read the environment yet.
  process.env.RETENTION_INTERVAL_MS = "1000";
  process.env.NEXT_RUNTIME = "nodejs";
  await register();
});

afterAll(async () => {
  await hook()?.();
  await stopWebhookWorker();
});

const today = (keyId: string) => db().keyUsageDay.findUnique({ where: { keyId_day: { keyId, day: utcDay(new Date()) } }, select: { succeeded: true, refused: true } });
const lastUse = (id: string) => db().apiKey.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true, lastUsedIp: true } });

describe("a clean stop", () => {
  it("writes the usage counts and last-used times still in memory, also those recorded during a write", async () => {
    const { keyIds } = await insertUserWithKeys(2);
    const [early, late] = keyIds;
    const at = new Date();
    recordKeyUse(early, "192.0.2.10", at);
    recordKeyUse(early, "192.0.2.10", at);
    recordKeyRefusal(early);
    // A periodic write is running when the stop comes, and requests finished after it began.
    const periodic = flushActivity();
    recordKeyUse(late, "192.0.2.11", at);
    await hook()?.();
    expect(await today(early)).toEqual({ succeeded: 2, refused: 1 });
    expect(await today(late)).toEqual({ succeeded: 1, refused: 0 });
    expect(await lastUse(late)).toEqual({ lastUsedAt: at, lastUsedIp: "192.0.2.11" });
    await periodic;
  });

  it("the retention job an instance starts prunes on its own, and the stop hook ends it", async () => {
    const { userId } = await insertUserWithKeys(0);
    const old = await db().auditEvent.create({
      data: { workspaceId: userId, userId, action: "created", actorType: "session", createdAt: new Date(Date.now() - 400 * 86_400_000) },
      select: { id: true },
    });
    await register(); // again, as after the previous test's stop: starts what the stop ended
    // The first round comes within RETENTION_INTERVAL_MS (one second here).
    await expect.poll(() => db().auditEvent.count({ where: { id: old.id } }), { timeout: 20_000, interval: 200 }).toBe(0);
    await hook()?.();
    expect((globalThis as { __latchkeyRetention?: unknown }).__latchkeyRetention).toBeUndefined();
  });
});
