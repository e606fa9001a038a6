import { afterAll, describe, expect, it } from "vitest";
import { asKey, makeKey, makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { parseCreateKey } from "@/lib/validation/keys";
import { flushActivity, recordKeyUse } from "./activity";
import { cacheForget } from "./key-cache";
import { listAuditEvents } from "./audit";
import { createKey, deleteKey, revokeKey, rollKey, updateKey } from "./key-changes";
import { countActiveKeys, getKey, listKeys } from "./keys";
import { usageBySid } from "./usage";
import { verifyKey } from "./verify";
import { keyListSchema } from "@/lib/validation/keys";

afterAll(() => db().$disconnect());

const input = (fields: Record<string, string> = {}) => {
  const parsed = parseCreateKey({ name: "k", expiry: "30", permission: "read", ...fields });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.data;
};
const events = async (viewer: Awaited<ReturnType<typeof makeViewer>>) => (await listAuditEvents(viewer, { page: 1 })).events;

describe("permissions at creation", () => {
  it("a key can never be given more than its creator has", async () => {
    const viewer = await makeViewer();
    const { key } = await makeKey(viewer, { permission: "write" });
    const writer = asKey(viewer, key);
    expect(await createKey(writer, input({ permission: "read_write" }))).toEqual({ ok: false, reason: "permission_exceeds" });
    expect(await createKey(writer, input({ permission: "read" }))).toEqual({ ok: false, reason: "permission_exceeds" });
    expect((await createKey(writer, input({ permission: "write" }))).ok).toBe(true);
    // A session (the person) may create any level.
    expect((await createKey(viewer, input({ permission: "read_write" }))).ok).toBe(true);
  });
});

describe("edit", () => {
  it("changes name and description only, is searchable at once, and is recorded once", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { name: "Old name", description: "old" });
    const updated = await updateKey(viewer, key.sid, { name: "Billing export", description: "nightly" });
    expect(updated.ok && updated.key).toMatchObject({ sid: key.sid, name: "Billing export", description: "nightly", permission: key.permission, prefix: key.prefix });
    expect((await verifyKey(secret, null))?.key.sid).toBe(key.sid); // same secret
    const found = await listKeys(viewer, keyListSchema.parse({ q: "billing" }));
    expect(found.current.keys.map((k) => k.sid)).toEqual([key.sid]);
    expect((await events(viewer)).filter((e) => e.action === "edited")).toHaveLength(1);
    await updateKey(viewer, key.sid, { name: "Billing export", description: "nightly" }); // no change, no event
    expect((await events(viewer)).filter((e) => e.action === "edited")).toHaveLength(1);
  });

  it("cannot touch another user's key", async () => {
    const alice = await makeViewer();
    const bob = await makeViewer();
    const { key } = await makeKey(alice, { name: "Alice's" });
    expect(await updateKey(bob, key.sid, { name: "pwned", description: "" })).toEqual({ ok: false, reason: "not_found" });
    expect((await getKey(alice, key.sid))?.name).toBe("Alice's");
    expect(await events(bob)).toEqual([]);
  });
});

describe("roll", () => {
  it("gives a new secret with the same settings; the old one works during the grace period, then stops", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { name: "Payments", description: "prod", permission: "write", expiry: "90" });
    const rolled = await rollKey(viewer, key.sid, "1h");
    if (!rolled.ok) throw new Error(rolled.reason);
    expect(rolled.secret).not.toBe(secret);
    expect(rolled.key).toMatchObject({ name: "Payments", description: "prod", permission: "write", expiresAt: key.expiresAt, rolledFromSid: key.sid });
    expect(rolled.oldKey.rolledToSid).toBe(rolled.key.sid);
    const graceEnd = rolled.oldKey.expiresAt!.getTime();
    expect(graceEnd).toBeGreaterThan(Date.now() + 3_590_000);
    expect(graceEnd).toBeLessThanOrEqual(Date.now() + 3_600_000);

    expect((await verifyKey(secret, null))?.key.sid).toBe(key.sid);
    expect((await verifyKey(rolled.secret, null))?.key.sid).toBe(rolled.key.sid);
    // Bring the grace end close instead of waiting an hour (as the roll itself would have
    // set it, so this process's cache is told), then step past it.
    await db().apiKey.update({ where: { sid: key.sid }, data: { expiresAt: new Date(Date.now() + 300) } });
    cacheForget(key.sid);
    expect(await verifyKey(secret, null)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    expect(await verifyKey(secret, null)).toBeNull();
    expect(await verifyKey(rolled.secret, null)).not.toBeNull();
  });

  it("with 'now' the old secret stops at once, even though this process had it cached", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    expect(await verifyKey(secret, null)).not.toBeNull(); // cached
    const rolled = await rollKey(viewer, key.sid, "now");
    expect(rolled.ok).toBe(true);
    expect(await verifyKey(secret, null)).toBeNull();
    expect((await getKey(viewer, key.sid))?.status).toBe("expired");
  });

  it("never extends the old key past its own expiry", async () => {
    const viewer = await makeViewer();
    const { key } = await makeKey(viewer, { expiry: "7" });
    const rolled = await rollKey(viewer, key.sid, "7d");
    if (!rolled.ok) throw new Error(rolled.reason);
    expect(rolled.oldKey.expiresAt).toEqual(key.expiresAt);
  });

  it("refuses revoked, already rolled and foreign keys", async () => {
    const viewer = await makeViewer();
    const other = await makeViewer();
    const a = await makeKey(viewer);
    const b = await makeKey(viewer);
    await revokeKey(viewer, a.key.sid);
    expect(await rollKey(viewer, a.key.sid, "1h")).toEqual({ ok: false, reason: "not_active" });
    expect((await rollKey(viewer, b.key.sid, "1h")).ok).toBe(true);
    expect(await rollKey(viewer, b.key.sid, "1h")).toEqual({ ok: false, reason: "already_rolled" });
    expect(await rollKey(other, b.key.sid, "now")).toEqual({ ok: false, reason: "not_found" });
  });

  it("counts both keys against the limit only while both are alive", async () => {
    const viewer = await makeViewer();
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push(await makeKey(viewer));
    expect(await rollKey(viewer, keys[0].key.sid, "1h")).toEqual({ ok: false, reason: "limit_reached" });
    expect((await rollKey(viewer, keys[0].key.sid, "now")).ok).toBe(true);
    expect(await countActiveKeys(viewer)).toBe(5);
  });

  it("the limit holds under concurrent rolls and creates", async () => {
    const viewer = await makeViewer();
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push(await makeKey(viewer));
    const results = await Promise.all([
      ...keys.map((k) => rollKey(viewer, k.key.sid, "24h")),
      ...Array.from({ length: 12 }, () => createKey(viewer, input())),
    ]);
    expect(results.filter((r) => r.ok).length).toBe(2);
    expect(await countActiveKeys(viewer)).toBe(5);
  });
});

describe("edits reach the very next request", () => {
  it("a new rate limit and a new name apply at once, cache or not", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { name: "before" });
    expect((await verifyKey(secret, null))?.key).toMatchObject({ name: "before", rateLimitPerMinute: null });
    await updateKey(viewer, key.sid, { name: "after", description: "", rateLimitPerMinute: 5 });
    expect((await verifyKey(secret, null))?.key).toMatchObject({ name: "after", rateLimitPerMinute: 5 });
  });
});

describe("delete", () => {
  it("removes a revoked or expired key for good, keeps its history, and refuses an active one", async () => {
    const viewer = await makeViewer();
    const active = await makeKey(viewer, { name: "Active" });
    const revoked = await makeKey(viewer, { name: "Revoked" });
    const expired = await makeKey(viewer, { name: "Expired" });
    await revokeKey(viewer, revoked.key.sid);
    await db().apiKey.update({ where: { sid: expired.key.sid }, data: { expiresAt: new Date(Date.now() - 1) } });
    recordKeyUse((await db().apiKey.findUniqueOrThrow({ where: { sid: revoked.key.sid } })).id, null);
    await flushActivity();

    expect(await deleteKey(viewer, active.key.sid)).toEqual({ ok: false, reason: "still_active" });
    expect(await deleteKey(await makeViewer(), revoked.key.sid)).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteKey(viewer, revoked.key.sid)).toEqual({ ok: true, name: "Revoked" });
    expect(await deleteKey(viewer, expired.key.sid)).toEqual({ ok: true, name: "Expired" });
    expect(await getKey(viewer, revoked.key.sid)).toBeNull();
    expect(await db().keyUsageDay.count({ where: { key: { sid: revoked.key.sid } } })).toBe(0);
    const deleted = (await events(viewer)).filter((e) => e.action === "deleted");
    expect(deleted.map((e) => [e.keySid, e.keyName]).sort()).toEqual([[expired.key.sid, "Expired"], [revoked.key.sid, "Revoked"]].sort());
  });
});

describe("the security log", () => {
  it("records each action exactly once, with actor and IP, newest first, and never a secret", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { name: "Logged" });
    await updateKey(viewer, key.sid, { name: "Logged 2", description: "" });
    const rolled = await rollKey(viewer, key.sid, "now");
    if (!rolled.ok) throw new Error(rolled.reason);
    await revokeKey(viewer, rolled.key.sid);
    await revokeKey(viewer, rolled.key.sid); // no change, no event
    await deleteKey(viewer, rolled.key.sid);
    for (let i = 0; i < 4; i++) await makeKey(viewer);
    await makeKey(viewer);
    await expect(makeKey(viewer)).rejects.toThrow(/limit_reached/);

    const log = await events(viewer);
    const counts = Object.fromEntries(["created", "edited", "rolled", "revoked", "deleted", "limit_reached"].map((a) => [a, log.filter((e) => e.action === a).length]));
    expect(counts).toEqual({ created: 7, edited: 1, rolled: 1, revoked: 1, deleted: 1, limit_reached: 1 });
    expect(log[0].action).toBe("limit_reached");
    expect(log.every((e) => e.actorType === "session" && e.ip === "203.0.113.7")).toBe(true);
    const text = JSON.stringify(await db().auditEvent.findMany({ where: { userId: viewer.id } }));
    expect(text).not.toContain(secret.slice(3, 35));
    expect(text).not.toContain(rolled.secret.slice(3, 35));
  });

  it("filters by key, pages, and never shows another user's events", async () => {
    const alice = await makeViewer();
    const bob = await makeViewer();
    const a = await makeKey(alice);
    await makeKey(bob);
    for (let i = 0; i < 55; i++) await updateKey(alice, a.key.sid, { name: `n${i}`, description: "" });
    const page1 = await listAuditEvents(alice, { keySid: a.key.sid, page: 1 });
    const page2 = await listAuditEvents(alice, { keySid: a.key.sid, page: 2 });
    expect(page1.total).toBe(56);
    expect(page1.events).toHaveLength(50);
    expect(page2.events).toHaveLength(6);
    expect(page2.events.at(-1)?.action).toBe("created");
    expect((await listAuditEvents(bob, { keySid: a.key.sid, page: 1 })).events).toEqual([]);
    expect((await events(bob)).every((e) => e.keySid !== a.key.sid)).toBe(true);
  });
});

describe("usage", () => {
  it("counts requests in memory and writes them in one flush", async () => {
    const viewer = await makeViewer();
    const { key } = await makeKey(viewer);
    const id = (await db().apiKey.findUniqueOrThrow({ where: { sid: key.sid } })).id;
    for (let i = 0; i < 7; i++) recordKeyUse(id, "192.0.2.9");
    const today = async () => (await usageBySid(viewer, [key.sid])).get(key.sid)!.at(-1)!;
    expect(await today()).toMatchObject({ succeeded: 0, refused: 0 });
    await flushActivity();
    expect(await today()).toMatchObject({ succeeded: 7, refused: 0 });
    for (let i = 0; i < 3; i++) recordKeyUse(id, "192.0.2.9");
    await flushActivity();
    expect(await today()).toMatchObject({ succeeded: 10 });
    expect((await getKey(viewer, key.sid))?.lastUsedIp).toBe("192.0.2.9");
    // Another user asking for this sid sees nothing.
    expect((await usageBySid(await makeViewer(), [key.sid])).get(key.sid)!.every((d) => d.succeeded === 0)).toBe(true);
  });

  it("a key deleted before the flush does not cost other keys their counts", async () => {
    const viewer = await makeViewer();
    const gone = await makeKey(viewer);
    const kept = await makeKey(viewer);
    const idOf = async (sid: string) => (await db().apiKey.findUniqueOrThrow({ where: { sid } })).id;
    recordKeyUse(await idOf(gone.key.sid), null);
    recordKeyUse(await idOf(kept.key.sid), null);
    await revokeKey(viewer, gone.key.sid);
    await deleteKey(viewer, gone.key.sid);
    await flushActivity();
    expect((await usageBySid(viewer, [kept.key.sid])).get(kept.key.sid)!.at(-1)).toMatchObject({ succeeded: 1 });
  });
});
