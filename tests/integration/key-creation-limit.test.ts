import { afterAll, describe, expect, it } from "vitest";
import { createKey, rollKey } from "@/lib/dal/key-changes";
import { db } from "@/lib/db";
import { parseCreateKey } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { POST as rollRoute } from "@/app/api/v1/keys/[sid]/roll/route";
import { POST as createRoute } from "@/app/api/v1/keys/route";
import { makeViewer } from "./fixtures";

process.env.KEY_CREATES_PER_USER_PER_HOUR = "4";
process.env.MAX_ACTIVE_KEYS = "20";

afterAll(() => db().$disconnect());

const input = (name: string) => {
  const parsed = parseCreateKey({ name, description: "", expiry: "30", permission: "read_write" });
  if (!parsed.ok) throw new Error("bad input");
  return parsed.data;
};
const create = (viewer: Viewer, name = "k") => createKey(viewer, input(name));

describe("key creation is rate limited per user (KEY_CREATES_PER_USER_PER_HOUR)", () => {
  it("allows 4 creations or rolls an hour, then refuses with the wait; other users are unaffected", async () => {
    const viewer = await makeViewer();
    const first = await create(viewer);
    if (!first.ok) throw new Error("first create failed");
    expect((await create(viewer)).ok).toBe(true);
    expect((await create(viewer)).ok).toBe(true);
    // A roll mints a secret too: it spends the same budget.
    expect((await rollKey(viewer, first.key.sid, "now")).ok).toBe(true);
    const refused = await create(viewer);
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(!refused.ok && refused.reason === "rate_limited" && refused.retryAfterSeconds).toBeGreaterThan(3000);
    expect(await rollKey(viewer, (await db().apiKey.findFirstOrThrow({ where: { userId: viewer.id, revokedAt: null, rolledAt: null } })).sid, "now")).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    expect(await db().apiKey.count({ where: { userId: viewer.id } })).toBe(4);

    const someoneElse = await makeViewer();
    expect((await create(someoneElse)).ok).toBe(true);
  });

  it("a roll of another user's key is not found and costs the victim nothing", async () => {
    const attacker = await makeViewer();
    const victim = await makeViewer();
    const target = await create(victim);
    if (!target.ok) throw new Error("create failed");
    for (let i = 0; i < 6; i++) expect(await rollKey(attacker, target.key.sid, "now")).toEqual({ ok: false, reason: "not_found" });
    // The victim still has 3 of 4.
    for (let i = 0; i < 3; i++) expect((await create(victim)).ok).toBe(true);
    expect((await create(victim)).ok).toBe(false);
  });

  it("the API answers 429 with Retry-After, for create and roll", async () => {
    const viewer = await makeViewer();
    const admin = await create(viewer, "admin");
    if (!admin.ok) throw new Error("create failed");
    const post = (url: string, body: unknown) =>
      new Request(url, { method: "POST", headers: { authorization: `Bearer ${admin.secret}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await createRoute(post("http://localhost/api/v1/keys", { name: `api ${i}`, expiry: "7" }), { params: Promise.resolve({}) })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await createRoute(post("http://localhost/api/v1/keys", { name: "again", expiry: "7" }), { params: Promise.resolve({}) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect((await refused.json()).error.code).toBe("rate_limited");
    const roll = await rollRoute(post(`http://localhost/api/v1/keys/${admin.key.sid}/roll`, {}), { params: Promise.resolve({ sid: admin.key.sid }) });
    expect(roll.status).toBe(429);
    // Nothing was made by the refused calls.
    expect(await db().apiKey.count({ where: { userId: viewer.id } })).toBe(4);
  });
});
