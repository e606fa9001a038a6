import { createRequire } from "node:module";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { parseCreateKey } from "@/lib/validation/keys";
import { POST as createRoute } from "@/app/api/v1/keys/route";
import { makeKey, makeViewer } from "./fixtures";

// The default budget (30 an hour), and room for every key it allows, so the only refusal
// left to test is the hourly budget itself.
process.env.KEY_CREATES_PER_USER_PER_HOUR = "30";
process.env.MAX_ACTIVE_KEYS = "100";

afterAll(() => db().$disconnect());

const ctx = { params: Promise.resolve({}) };
const post = (secret: string, name: string) =>
  createRoute(
    new Request("http://localhost/api/v1/keys", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "x-forwarded-for": "198.51.100.77" },
      body: JSON.stringify({ name, expiry: "7", permission: "read" }),
    }),
    ctx,
  );

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((out, s) => ({ ...out, [s]: (out[s] ?? 0) + 1 }), {});

/**
 * The production build bundles rate-limiter-flexible into each module graph (the dashboard's
 * server actions, each route handler, instrumentation), while the limiters themselves live on
 * globalThis so that all graphs spend one budget. A limiter made in one graph then rejects
 * with its graph's RateLimiterRes class, which is not the class another graph compares with.
 * This loads a second copy of the library and a second lib/dal/key-changes on top of it: the
 * dashboard's graph, as far as the limiter can tell.
 */
async function dashboardGraph() {
  const require = createRequire(import.meta.url);
  for (const id of Object.keys(require.cache)) if (id.includes("/node_modules/rate-limiter-flexible/")) delete require.cache[id];
  const secondCopy = require("rate-limiter-flexible");
  vi.resetModules();
  vi.doMock("rate-limiter-flexible", () => secondCopy);
  const graph = await import("@/lib/dal/key-changes");
  vi.doUnmock("rate-limiter-flexible");
  return graph;
}

describe("a burst of key creations past the hourly budget", () => {
  it("30 parallel POST /api/v1/keys after the budget is spent all answer 429, none 500", async () => {
    const viewer = await makeViewer();
    // The fixture's key is the first creation of the hour.
    const { secret } = await makeKey(viewer, { permission: "read_write" });
    const spend = await Promise.all(Array.from({ length: 29 }, (_, i) => post(secret, `spend ${i}`)));
    expect(tally(spend.map((r) => r.status))).toEqual({ 201: 29 });

    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => post(secret, `burst ${i}`)));
    expect(tally(burst.map((r) => r.status))).toEqual({ 429: 30 });
    for (const response of burst) {
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await response.json()).error.code).toBe("rate_limited");
    }
    expect(await db().apiKey.count({ where: { userId: viewer.id } })).toBe(30);
  });

  it("the same burst answers 429 when the account's first key was made in the dashboard (another module graph)", async () => {
    const viewer = await makeViewer();
    const dashboard = await dashboardGraph();
    const input = parseCreateKey({ name: "made in the dashboard", expiry: "30", permission: "read_write" });
    if (!input.ok) throw new Error("bad input");
    // Forget the limiter the first test made, so this graph is the one that makes it.
    (globalThis as { __latchkeyRateLimits?: { keyCreations?: unknown } }).__latchkeyRateLimits!.keyCreations = undefined;
    const first = await dashboard.createKey(viewer, input.data);
    if (!first.ok) throw new Error(`dashboard create failed: ${first.reason}`);

    const spend = await Promise.all(Array.from({ length: 29 }, (_, i) => post(first.secret, `spend ${i}`)));
    expect(tally(spend.map((r) => r.status))).toEqual({ 201: 29 });
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => post(first.secret, `burst ${i}`)));
    expect(tally(burst.map((r) => r.status))).toEqual({ 429: 30 });
    expect(await db().apiKey.count({ where: { userId: viewer.id } })).toBe(30);
  });
});
