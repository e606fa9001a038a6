import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { generateKey } from "@/lib/keys/format";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as verify } from "@/app/api/v1/keys/verify/route";

// scripts/test.mjs runs this file twice: without REDIS_URL (in-memory store, with SQLite)
// and with it (Redis, with PostgreSQL), so every property below holds on both stores.
const store = process.env.REDIS_URL ? "Redis" : "memory";

afterAll(() => db().$disconnect());

const randomIp = () => `10.${randomBytes(3).join(".")}`;
const call = (headers: Record<string, string>) => me(new Request("http://localhost/api/v1/me", { headers }), { params: Promise.resolve({}) });

describe(`rate limits (${store} store)`, () => {
  it("a key limited to N per minute gets exactly N successes from N+10 requests fired together", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { permission: "read" });
    await db().apiKey.update({ where: { sid: key.sid }, data: { rateLimitPerMinute: 7 } });
    const ip = randomIp();
    const responses = await Promise.all(Array.from({ length: 17 }, () => call({ "x-api-key": secret, "x-forwarded-for": ip })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    const refused = responses.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-limit")).toBe("7");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect((await refused.json()).error.code).toBe("rate_limited");
    const passed = responses.find((r) => r.status === 200)!;
    expect(passed.headers.get("ratelimit-limit")).toBe("7");
  });

  it("requests refused for lack of permission spend the key's limit too", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { permission: "read" });
    await db().apiKey.update({ where: { sid: key.sid }, data: { rateLimitPerMinute: 3 } });
    const { POST: create } = await import("@/app/api/v1/keys/route");
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const response = await create(new Request("http://localhost/api/v1/keys", { method: "POST", headers: { "x-api-key": secret, "x-forwarded-for": randomIp() }, body: "{}" }), { params: Promise.resolve({}) });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([403, 403, 403, 429, 429]);
  });

  it("the verify endpoint answers rate_limited for a key over its limit", async () => {
    const viewer = await makeViewer();
    const asker = await makeKey(viewer, { permission: "read" });
    const checked = await makeKey(viewer);
    await db().apiKey.update({ where: { sid: checked.key.sid }, data: { rateLimitPerMinute: 2 } });
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const response = await verify(
        new Request("http://localhost/api/v1/keys/verify", { method: "POST", headers: { "x-api-key": asker.secret }, body: JSON.stringify({ key: checked.secret }) }),
        { params: Promise.resolve({}) },
      );
      codes.push((await response.json()).code);
    }
    expect(codes).toEqual(["valid", "valid", "rate_limited", "rate_limited"]);
  });

  it("throttles a flood of bad keys per client IP, and a valid client elsewhere stays unaffected", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer, { permission: "read" });
    const attacker = randomIp();
    const budget = Number(process.env.FAILED_AUTH_PER_MINUTE ?? 60);
    const flood = [];
    for (let i = 0; i < budget + 15; i++) flood.push((await call({ "x-api-key": generateKey(), "x-forwarded-for": attacker })).status);
    expect(flood.slice(0, budget).every((s) => s === 401)).toBe(true);
    expect(flood.slice(budget).every((s) => s === 429)).toBe(true);
    // Once throttled, the attacker's IP is refused before any lookup, even with a real key.
    expect((await call({ "x-api-key": secret, "x-forwarded-for": attacker })).status).toBe(429);
    expect((await call({ "x-api-key": secret, "x-forwarded-for": randomIp() })).status).toBe(200);
  });

  it.runIf(store === "Redis")("keeps its counters in Redis, where every instance sees them", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { permission: "read" });
    await db().apiKey.update({ where: { sid: key.sid }, data: { rateLimitPerMinute: 50 } });
    expect((await call({ "x-api-key": secret, "x-forwarded-for": randomIp() })).status).toBe(200);
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const id = (await db().apiKey.findUniqueOrThrow({ where: { sid: key.sid } })).id;
      expect(await redis.get(`lk:key:${id}`)).toBe("1");
    } finally {
      redis.disconnect();
    }
  });
});
