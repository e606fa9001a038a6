import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { updateKey } from "@/lib/dal/key-changes";
import { db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";
import { sleep, startInstance, until, type Instance } from "./server";

// Two `next start` processes of the production build on one PostgreSQL database and one
// Redis (scripts/test.mjs passes both), as behind a load balancer. The verification cache is
// made long (60 s) so that only the cross-instance invalidation can make a revocation reach
// the other instance in time; usage is flushed every 300 ms so the sums can be checked.
const shared = {
  KEY_CACHE_TTL_MS: "60000",
  LAST_USED_FLUSH_MS: "300",
  MAX_ACTIVE_KEYS: "6",
  FAILED_AUTH_PER_MINUTE: "20",
  TRUSTED_PROXY_HOPS: "1",
  KEY_CREATES_PER_USER_PER_HOUR: "1000",
};
// This process creates keys for the same user through the same Redis budget.
process.env.KEY_CREATES_PER_USER_PER_HOUR = shared.KEY_CREATES_PER_USER_PER_HOUR;

let a: Instance;
let b: Instance;
let viewer: Viewer;
let admin: string;

const call = (instance: Instance, secret: string, path = "/api/v1/me", init: RequestInit = {}) =>
  fetch(`${instance.url}${path}`, { ...init, headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json", ...init.headers } });

beforeAll(async () => {
  if (!process.env.DATABASE_URL?.startsWith("postgres") || !process.env.REDIS_URL) {
    throw new Error("The two-instance test needs DATABASE_URL (PostgreSQL) and REDIS_URL: run it through npm test.");
  }
  [a, b] = await Promise.all([startInstance(shared), startInstance(shared)]);
  viewer = await makeViewer("Two Instances");
  admin = (await makeKey(viewer, { name: "admin" })).secret;
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db().$disconnect();
});

describe("two instances on one PostgreSQL and one Redis behave as one system", () => {
  it("the key limit holds for creates spread over both instances", async () => {
    const creates = Array.from({ length: 20 }, (_, i) =>
      call(i % 2 ? a : b, admin, "/api/v1/keys", { method: "POST", body: JSON.stringify({ name: `spread ${i}`, expiry: "30" }) }),
    );
    const statuses = (await Promise.all(creates)).map((response) => response.status);
    // admin is one of the 6 allowed active keys.
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    expect(await db().apiKey.count({ where: { userId: viewer.id, revokedAt: null } })).toBe(6);
    // Make room for the rest of the file.
    await db().apiKey.updateMany({ where: { userId: viewer.id, name: { startsWith: "spread" } }, data: { revokedAt: new Date() } });
  });

  it("a key revoked on one instance is refused by the other within one second", async () => {
    const delays: number[] = [];
    for (let round = 0; round < 3; round++) {
      const target = await makeKey(viewer, { name: `revoke me ${round}` });
      // Both instances have verified (and cached) the key.
      expect((await call(a, target.secret)).status).toBe(200);
      expect((await call(b, target.secret)).status).toBe(200);
      const revoked = await call(a, admin, `/api/v1/keys/${target.key.sid}/revoke`, { method: "POST" });
      expect(revoked.status).toBe(200);
      delays.push(await until(async () => (await call(b, target.secret)).status === 401, 1_000, 10));
      await db().apiKey.deleteMany({ where: { sid: target.key.sid } });
    }
    console.log(`[cluster] revocation seen by the other instance after ${delays.join(", ")} ms`);
    expect(Math.max(...delays)).toBeLessThan(1_000);
  });

  it("a roll with no grace period, a new rate limit and a leak report also reach the other instance within one second", async () => {
    // Roll "now": the old secret must stop working on B too.
    const rolled = await makeKey(viewer, { name: "roll me" });
    expect((await call(b, rolled.secret)).status).toBe(200);
    expect((await call(a, admin, `/api/v1/keys/${rolled.key.sid}/roll`, { method: "POST", body: JSON.stringify({ grace: "now" }) })).status).toBe(201);
    const rollMs = await until(async () => (await call(b, rolled.secret)).status === 401, 1_000, 10);

    // A rate limit set in the dashboard (this test process, a third instance: the API may not
    // change limits) applies on B, which had cached the key without one.
    const limited = await makeKey(viewer, { name: "limit me" });
    expect((await call(b, limited.secret)).status).toBe(200);
    await updateKey(viewer, limited.key.sid, { name: "limit me", description: "", rateLimitPerMinute: 1 });
    const limitMs = await until(async () => (await call(b, limited.secret)).status === 429, 1_000, 10);

    // A leaked key reported to A (public endpoint, no key) is refused by B.
    const leaked = await makeKey(viewer, { name: "leak me" });
    expect((await call(b, leaked.secret)).status).toBe(200);
    const report = await fetch(`${a.url}/api/v1/leaks`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ keys: [leaked.secret] }) });
    expect(report.status).toBe(202);
    const leakMs = await until(async () => (await call(b, leaked.secret)).status === 401, 1_000, 10);
    console.log(`[cluster] roll seen after ${rollMs} ms, new rate limit after ${limitMs} ms, leak report after ${leakMs} ms`);
    await db().apiKey.updateMany({ where: { userId: viewer.id, name: { in: ["limit me"] } }, data: { revokedAt: new Date() } });
  });

  it("control: a change the instances are not told about is hidden by the cache (so the test above tests the invalidation)", async () => {
    const target = await makeKey(viewer, { name: "silent revoke" });
    expect((await call(b, target.secret)).status).toBe(200);
    // Revoked behind the app's back: no NOTIFY.
    await db().apiKey.update({ where: { sid: target.key.sid }, data: { revokedAt: new Date() } });
    await sleep(1_500);
    expect((await call(b, target.secret)).status).toBe(200);
    // A fresh instance, with nothing cached, refuses it at once.
    expect((await call(a, target.secret)).status).toBe(401);
    await db().apiKey.deleteMany({ where: { sid: target.key.sid } });
  });

  it("a key's rate limit is one budget across both instances", async () => {
    const limited = await makeKey(viewer, { name: "ten a minute" });
    await updateKey(viewer, limited.key.sid, { name: "ten a minute", description: "", rateLimitPerMinute: 10 });
    const statuses = (await Promise.all(Array.from({ length: 16 }, (_, i) => call(i % 2 ? a : b, limited.secret)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    await db().apiKey.update({ where: { sid: limited.key.sid }, data: { revokedAt: new Date() } });
  });

  it("failed key checks from one client IP are one budget across both instances", async () => {
    const ip = `198.51.100.${randomInt(1, 255)}`;
    const bad = "lk_live_" + "x".repeat(40);
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await call(i % 2 ? a : b, bad, "/api/v1/me", { headers: { "X-Forwarded-For": ip } })).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
  });

  it("usage counts and last-used times flushed by both instances add up exactly", async () => {
    const used = await makeKey(viewer, { name: "counted" });
    const before = new Date();
    const requests = [
      ...Array.from({ length: 30 }, () => call(a, used.secret, "/api/v1/me", { headers: { "X-Forwarded-For": "203.0.113.10" } })),
      ...Array.from({ length: 20 }, () => call(b, used.secret, "/api/v1/me", { headers: { "X-Forwarded-For": "203.0.113.20" } })),
    ];
    expect((await Promise.all(requests)).every((r) => r.status === 200)).toBe(true);
    const after = new Date();
    const succeeded = async () =>
      (await db().keyUsageDay.findMany({ where: { key: { sid: used.key.sid } } })).reduce((n, day) => n + day.succeeded, 0);
    await until(async () => (await succeeded()) === 50, 10_000, 100);
    await sleep(1_000); // several more flush rounds on both: nothing counted twice
    expect(await succeeded()).toBe(50);
    const row = await db().apiKey.findUniqueOrThrow({ where: { sid: used.key.sid }, select: { lastUsedAt: true, lastUsedIp: true } });
    expect(row.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(row.lastUsedAt!.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(["203.0.113.10", "203.0.113.20"]).toContain(row.lastUsedIp);
  });

  it("both instances stayed up", () => {
    expect(a.alive() && b.alive()).toBe(true);
  });
});
